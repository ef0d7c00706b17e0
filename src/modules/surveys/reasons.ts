import { defineReasons, failWith } from '../../errors.js';

/**
 * The surveys' core reasons: a template's and an answer's problems found by src/domain/surveys.ts, and the campaign
 * lookups every survey module shares. Each part of the surveys (templates, campaigns, collection, entry, results) adds
 * its own reasons beside its code.
 */
export const reasons = defineReasons({
  // Templates (domain checkTemplate).
  survey_code_invalid: {
    code: 'validation_failed',
    vi: 'mã {{value}} không hợp lệ (chữ không dấu, số, dấu . _ -; tối đa 40 ký tự)',
    en: 'invalid code {{value}} (letters, digits, . _ -; at most 40 characters)',
  },
  survey_template_no_questions: { code: 'validation_failed', vi: 'mẫu phiếu chưa có câu hỏi nào', en: 'the template has no question' },
  survey_question_twice: { code: 'validation_failed', vi: 'câu hỏi {{question}} xuất hiện hai lần', en: 'question {{question}} appears twice' },
  survey_sipas_section_unknown: {
    code: 'validation_failed',
    vi: 'câu hỏi mức độ hài lòng {{question}} phải thuộc một trong năm yếu tố SIPAS (access, procedure, civil_servant, result, feedback), không phải {{section}}',
    en: 'satisfaction question {{question}} must belong to one of the five SIPAS elements (access, procedure, civil_servant, result, feedback), not {{section}}',
  },
  survey_sipas_question_not_scale: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}} của SIPAS phải là thang điểm 1–5 (scale)',
    en: 'SIPAS question {{question}} must be a 1–5 scale',
  },
  survey_question_no_options: { code: 'validation_failed', vi: 'câu hỏi {{question}} chưa có phương án trả lời', en: 'question {{question}} has no options' },
  survey_question_options_unused: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}} loại {{type}} không có phương án trả lời',
    en: 'question {{question}} of type {{type}} takes no options',
  },
  survey_option_twice: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: phương án {{option}} xuất hiện hai lần',
    en: 'question {{question}}: option {{option}} appears twice',
  },
  survey_scale_option_invalid: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: nhãn của thang điểm phải có mã từ 1 đến 5, không phải {{option}}',
    en: 'question {{question}}: scale labels have codes 1 to 5, not {{option}}',
  },
  survey_weight_invalid: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: trọng số của phương án {{option}} phải là số nguyên từ 0 đến 100',
    en: 'question {{question}}: the weight of option {{option}} must be a whole number from 0 to 100',
  },
  survey_show_if_unknown: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}} chỉ hiện theo câu {{depends}}, nhưng câu đó không có ở phía trước',
    en: 'question {{question}} is shown depending on {{depends}}, which is not an earlier question',
  },
  survey_show_if_not_choice: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}} chỉ có thể phụ thuộc vào câu hỏi lựa chọn hoặc thang điểm; {{depends}} không phải',
    en: 'question {{question}} can depend only on a choice or scale question; {{depends}} is not one',
  },
  survey_show_if_option_unknown: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: điều kiện hiển thị dùng phương án không có ({{option}})',
    en: 'question {{question}}: the show-if condition uses an unknown option ({{option}})',
  },
  // Answers (domain checkAnswers / readAnswer).
  survey_question_unknown: { code: 'validation_failed', vi: 'không có câu hỏi {{question}} trong phiếu', en: 'the form has no question {{question}}' },
  survey_answer_required: { code: 'validation_failed', vi: 'câu hỏi {{question}} bắt buộc trả lời', en: 'question {{question}} must be answered' },
  survey_scale_out_of_range: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: {{value}} nằm ngoài thang điểm 1–5',
    en: 'question {{question}}: {{value}} is outside the 1–5 scale',
  },
  survey_number_invalid: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: {{value}} không phải là số',
    en: 'question {{question}}: {{value}} is not a number',
  },
  survey_text_invalid: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: câu trả lời phải là văn bản',
    en: 'question {{question}}: the answer must be text',
  },
  survey_text_too_long: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: câu trả lời dài quá {{maximum}} ký tự',
    en: 'question {{question}}: the answer is longer than {{maximum}} characters',
  },
  survey_option_unknown: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}}: không có phương án {{value}}',
    en: 'question {{question}}: there is no option {{value}}',
  },
  survey_rated_unit_unknown: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} không nằm trong danh sách đơn vị được đánh giá của phiếu này',
    en: 'unit {{unit}} is not among the units this form rates',
  },
  // Survey criteria (domain checkMapping).
  survey_mapping_full_invalid: { code: 'validation_failed', vi: 'mức đạt điểm tối đa phải lớn hơn 0', en: 'the full-points value must be above 0' },
  survey_mapping_no_bands: { code: 'validation_failed', vi: 'chưa có mức quy đổi điểm nào', en: 'no band is given' },
  survey_mapping_points_over_max: {
    code: 'validation_failed',
    vi: 'mức quy đổi {{points}} điểm vượt quá điểm tối đa {{max}}',
    en: 'band points {{points}} exceed the maximum {{max}}',
  },
  // Campaign lookups shared by every survey module.
  survey_campaign_not_found: { code: 'not_found', vi: 'Không tìm thấy đợt khảo sát {{campaign}}', en: 'Survey campaign {{campaign}} not found' },
  survey_template_not_found: { code: 'not_found', vi: 'Không tìm thấy mẫu phiếu {{template}}', en: 'Survey template {{template}} not found' },
  survey_campaign_unit_unknown: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} không thuộc đợt khảo sát {{campaign}}',
    en: 'unit {{unit}} is not part of campaign {{campaign}}',
  },
});

export type SurveyReason = keyof typeof reasons;
export const fail = failWith(reasons);
