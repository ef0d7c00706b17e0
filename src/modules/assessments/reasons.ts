import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  // What the request names.
  sheet_unit_not_in_round: {
    code: 'not_found',
    vi: 'Không tìm thấy đơn vị {{unit}} trong đợt đánh giá số {{round}}',
    en: 'Unit {{unit}} in round {{round}} not found',
  },
  sheet_criterion_not_found: { code: 'not_found', vi: 'Không tìm thấy tiêu chí {{criterion}}', en: 'Criterion {{criterion}} not found' },
  sheet_evidence_not_found: { code: 'not_found', vi: 'Không tìm thấy tài liệu kiểm chứng số {{evidence}}', en: 'Evidence {{evidence}} not found' },
  score_on_parent_criterion: {
    code: 'validation_failed',
    vi: 'tiêu chí này có tiêu chí thành phần; hãy chấm điểm các tiêu chí thành phần',
    en: 'has sub-criteria',
  },

  // Stage windows (params { stage, until } or { stage, from }; one reason per stage so that each reads in both languages).
  self_assessment_not_started: {
    code: 'deadline_passed',
    vi: 'Chưa đến thời gian tự đánh giá: bắt đầu từ ngày {{from}}',
    en: 'The self-assessment window opens on {{from}}',
  },
  self_assessment_deadline_passed: {
    code: 'deadline_passed',
    vi: 'Đã hết hạn tự đánh giá (hạn cuối: {{until}})',
    en: 'The self-assessment deadline was {{until}}',
  },
  appraisal_deadline_passed: { code: 'deadline_passed', vi: 'Đã hết hạn thẩm định (hạn cuối: {{until}})', en: 'The appraisal deadline was {{until}}' },
  explanation_deadline_passed: { code: 'deadline_passed', vi: 'Đã hết hạn giải trình (hạn cuối: {{until}})', en: 'The explanation deadline was {{until}}' },
  council_deadline_passed: {
    code: 'deadline_passed',
    vi: 'Đã hết hạn chấm điểm của Hội đồng thẩm định (hạn cuối: {{until}})',
    en: 'The council deadline was {{until}}',
  },
  scores_locked_round_approved: {
    code: 'deadline_passed',
    vi: 'Đợt đánh giá năm {{year}} đã được phê duyệt; không thể thay đổi điểm nữa',
    en: 'The {{year}} round is approved; scores can no longer change',
  },
  scores_locked_round_published: {
    code: 'deadline_passed',
    vi: 'Kết quả đợt đánh giá năm {{year}} đã được công bố; không thể thay đổi điểm nữa',
    en: 'The {{year}} round is published; scores can no longer change',
  },

  // Scores.
  score_out_of_range: { code: 'validation_failed', vi: 'phải từ {{min}} đến {{max}}', en: 'must be between {{min}} and {{max}}' },
  formula_criterion_not_self_scored: {
    code: 'validation_failed',
    vi: 'tiêu chí tính theo công thức không do đơn vị tự chấm',
    en: 'formula criteria are not self-scored',
  },
  survey_criterion_not_self_scored: {
    code: 'validation_failed',
    vi: 'tiêu chí điều tra xã hội học không do đơn vị tự chấm',
    en: 'survey criteria are not self-scored',
  },
  bonus_criterion_not_self_scored: { code: 'validation_failed', vi: 'tiêu chí điểm thưởng không do đơn vị tự chấm', en: 'bonus criteria are not self-scored' },
  penalty_criterion_not_self_scored: {
    code: 'validation_failed',
    vi: 'tiêu chí điểm phạt không do đơn vị tự chấm',
    en: 'penalty criteria are not self-scored',
  },
  manual_criterion_not_organizer: {
    code: 'validation_failed',
    vi: 'tiêu chí tự chấm được chấm theo quy trình đánh giá, Sở Nội vụ chỉ nhập điểm điều tra, điểm thưởng và điểm phạt',
    en: 'manual criteria are scored in the cycle',
  },
  formula_criterion_not_organizer: {
    code: 'validation_failed',
    vi: 'tiêu chí tính theo công thức được tính trong quy trình đánh giá, Sở Nội vụ chỉ nhập điểm điều tra, điểm thưởng và điểm phạt',
    en: 'formula criteria are scored in the cycle',
  },
  not_applicable_reason_required: { code: 'validation_failed', vi: 'cần nêu lý do khi tiêu chí không áp dụng', en: 'required when not applicable' },
  self_assessment_locked: { code: 'conflict', vi: 'Bản tự đánh giá đã nộp và đã bị khóa', en: 'The self-assessment was submitted and is locked' },

  // Submission: one issue per criterion (params { criterion }), under the count.
  criteria_not_ready: { code: 'validation_failed', vi: '{{count}} tiêu chí chưa sẵn sàng để nộp', en: '{{count}} criteria are not ready to submit' },
  criterion_not_scored: { code: 'validation_failed', vi: 'chưa chấm điểm', en: 'not scored' },
  criterion_evidence_missing: {
    code: 'validation_failed',
    vi: 'bắt buộc có tài liệu kiểm chứng: hãy đính kèm hoặc nêu lý do không có',
    en: 'evidence is required: attach it or explain why it is missing',
  },
  assessment_already_submitted: { code: 'conflict', vi: 'Đơn vị đã nộp bản tự đánh giá', en: 'Already submitted' },

  // Appraisal and explanation.
  assessment_not_submitted: { code: 'conflict', vi: 'Đơn vị chưa nộp bản tự đánh giá', en: 'The unit has not submitted its self-assessment yet' },
  appraisal_final: { code: 'conflict', vi: 'Kết quả thẩm định tiêu chí này đã chốt', en: 'The appraisal of this criterion is final' },
  appraisal_reason_required: {
    code: 'validation_failed',
    vi: 'cần nêu lý do khi điểm thẩm định khác điểm tự chấm',
    en: 'required when the score differs from the self-score',
  },
  appraisal_score_required: { code: 'validation_failed', vi: 'cần nhập điểm thẩm định trước khi chốt', en: 'required to finalise' },
  explanation_already_asked: { code: 'conflict', vi: 'Đã yêu cầu giải trình cho tiêu chí này', en: 'An explanation was already asked for this criterion' },
  explanation_not_asked: { code: 'conflict', vi: 'Tiêu chí này không có yêu cầu giải trình', en: 'No explanation was asked for this criterion' },
  explanation_already_given: {
    code: 'conflict',
    vi: 'Đơn vị đã giải trình; mỗi yêu cầu chỉ được trả lời một lần',
    en: 'The explanation was already given; it is answered once',
  },

  // Corrections after approval.
  correction_round_open: {
    code: 'conflict',
    vi: 'Đợt đánh giá còn đang mở; điểm được thay đổi trong quy trình đánh giá',
    en: 'The round is still open; scores are changed in the cycle',
  },

  // Who may do what.
  sheet_read_forbidden: { code: 'forbidden', vi: 'Bạn không có quyền xem bản tự đánh giá của đơn vị này', en: "You may not see this unit's assessment" },
  evidence_read_forbidden: { code: 'forbidden', vi: 'Bạn không có quyền xem tài liệu kiểm chứng của đơn vị này', en: "You may not see this unit's evidence" },
  self_assess_forbidden: { code: 'forbidden', vi: 'Chỉ cán bộ của đơn vị mới được tự chấm điểm', en: 'Only the staff of this unit score it' },
  evidence_add_forbidden: {
    code: 'forbidden',
    vi: 'Chỉ cán bộ của đơn vị mới được thêm tài liệu kiểm chứng',
    en: 'Only the staff of this unit add its evidence',
  },
  evidence_remove_forbidden: {
    code: 'forbidden',
    vi: 'Chỉ cán bộ của đơn vị mới được gỡ tài liệu kiểm chứng',
    en: 'Only the staff of this unit remove its evidence',
  },
  submit_forbidden: { code: 'forbidden', vi: 'Chỉ lãnh đạo đơn vị mới được nộp bản tự đánh giá', en: "Only the unit's leader submits" },
  appraise_forbidden: {
    code: 'forbidden',
    vi: 'Tiêu chí {{criterion}} do {{appraiser}} thẩm định',
    en: 'Criterion {{criterion}} is appraised by {{appraiser}}',
  },
  appraise_forbidden_no_appraiser: {
    code: 'forbidden',
    vi: 'Tiêu chí {{criterion}} chưa được giao cho cơ quan thẩm định nào',
    en: 'Criterion {{criterion}} is appraised by no department',
  },
  explain_forbidden: { code: 'forbidden', vi: 'Chỉ cán bộ của đơn vị mới được giải trình', en: 'Only the staff of this unit answer for it' },
  council_forbidden: { code: 'forbidden', vi: 'Chỉ Hội đồng thẩm định mới được chấm điểm của Hội đồng', en: 'Only the council sets council scores' },
  organizer_points_forbidden: {
    code: 'forbidden',
    vi: 'Chỉ Sở Nội vụ mới được nhập điểm điều tra xã hội học, điểm thưởng và điểm phạt',
    en: 'Only the organizer enters survey, bonus and penalty points',
  },
  correction_forbidden: { code: 'forbidden', vi: 'Chỉ Sở Nội vụ mới được đính chính kết quả đã phê duyệt', en: 'Only the organizer corrects approved results' },
  appraisal_queue_forbidden: { code: 'forbidden', vi: 'Danh sách này chỉ dành cho cán bộ thẩm định', en: 'The queue is for appraisers' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
