import { defineReasons, failWith, reasonText } from '../../errors.js';

/**
 * Reasons of the survey templates (the editor, the template files, the API). The template's own checks (codes,
 * options, show-if) are the core surveys reasons (src/modules/surveys/reasons.ts).
 */
export const reasons = defineReasons({
  survey_template_exists: {
    code: 'conflict',
    vi: 'Đã có mẫu phiếu mã {{template}}',
    en: 'A survey template with code {{template}} already exists',
  },
  survey_template_exists_field: { code: 'validation_failed', vi: 'mã mẫu phiếu đã được dùng', en: 'this template code is taken' },
  survey_template_code_fixed: {
    code: 'validation_failed',
    vi: 'không đổi được mã mẫu phiếu {{template}} (mã gửi lên: {{given}})',
    en: 'the code of template {{template}} cannot change (sent: {{given}})',
  },
  survey_template_in_use: {
    code: 'conflict',
    vi: 'Mẫu phiếu {{template}} đang được dùng cho đợt khảo sát {{campaigns}}; không xóa được',
    en: 'Template {{template}} is used by campaign {{campaigns}}; it cannot be deleted',
  },
  survey_template_file_rejected: {
    code: 'import_rejected',
    vi: 'Tệp mẫu phiếu bị từ chối: {{count}} lỗi, chưa ghi dữ liệu nào',
    en: 'Template file rejected: {{count}} error(s), nothing was written',
  },
  survey_template_file_unknown: {
    code: 'import_rejected',
    vi: 'tệp không phải JSON hay XLSX (bảng tính Excel)',
    en: 'the file is neither JSON nor XLSX',
  },
  survey_template_json_invalid: {
    code: 'import_rejected',
    vi: 'tệp JSON không đọc được: {{detail}}',
    en: 'the JSON file does not parse: {{detail}}',
  },
  survey_template_sheet_missing: {
    code: 'import_rejected',
    vi: 'bảng tính thiếu trang tính "{{sheet}}"',
    en: 'the workbook has no sheet "{{sheet}}"',
  },
  survey_template_sheet_columns: {
    code: 'import_rejected',
    vi: 'trang tính {{sheet}}: cần các cột {{columns}}',
    en: 'sheet {{sheet}}: the columns must be {{columns}}',
  },
  survey_template_field_unknown: {
    code: 'import_rejected',
    vi: 'trang tính template: không có trường {{field}} (chỉ có code, name, kind)',
    en: 'sheet template: there is no field {{field}} (only code, name, kind)',
  },
  survey_template_not_yes_no: { code: 'import_rejected', vi: '{{value}} không phải có/không', en: '{{value}} is not yes/no' },
  survey_template_weight_not_number: {
    code: 'import_rejected',
    vi: 'trọng số {{value}} không phải số nguyên từ 0 đến 100',
    en: 'weight {{value}} is not a whole number from 0 to 100',
  },
  survey_template_option_question_unknown: {
    code: 'import_rejected',
    vi: 'phương án thuộc câu hỏi {{question}}, nhưng trang questions không có câu này',
    en: 'the option belongs to question {{question}}, which the questions sheet does not have',
  },
  survey_template_show_if_incomplete: {
    code: 'import_rejected',
    vi: 'điều kiện hiển thị cần cả show_if_question và show_if_any_of',
    en: 'a show-if condition needs both show_if_question and show_if_any_of',
  },
});

export type SurveyTemplatesReason = keyof typeof reasons;
export const fail = failWith(reasons);
export const said = (reason: SurveyTemplatesReason, params?: Parameters<typeof reasonText>[2]) => reasonText(reasons, reason, params);
