import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why the periodic-reports module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  report_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{unit}}', en: 'Unit {{unit}} not found' },
  report_own_unit_only: {
    code: 'forbidden',
    vi: 'Bạn chỉ xem và sửa được báo cáo của đơn vị mình',
    en: 'You may read and edit only your own unit’s reports',
  },
  report_draft_hidden: {
    code: 'forbidden',
    vi: 'Báo cáo của đơn vị {{unit}} chưa được gửi: chỉ đơn vị và Sở Nội vụ xem được bản nháp',
    en: 'The report of unit {{unit}} has not been submitted: only the unit and the organizer see a draft',
  },
  report_period_not_due: {
    code: 'validation_failed',
    vi: 'Năm {{year}} không yêu cầu báo cáo kỳ {{period}} (chưa có hạn nộp)',
    en: 'No {{period}} report is asked for in {{year}} (no due date set)',
  },
  report_locked: {
    code: 'conflict',
    vi: 'Báo cáo đã gửi ngày {{submittedOn}} nên không sửa được; Sở Nội vụ có thể mở lại để đơn vị sửa',
    en: 'The report was submitted on {{submittedOn}} and is locked; the organizer may reopen it',
  },
  report_not_submitted: {
    code: 'conflict',
    vi: 'Báo cáo chưa được gửi nên không cần mở lại',
    en: 'The report has not been submitted, so there is nothing to reopen',
  },
  report_section_unknown: {
    code: 'validation_failed',
    vi: 'mẫu báo cáo không có mục {{key}}; các mục: {{known}}',
    en: 'the report template has no section {{key}}; sections: {{known}}',
  },
  report_period_twice: {
    code: 'validation_failed',
    vi: 'kỳ {{period}} được liệt kê hai lần',
    en: 'period {{period}} is listed twice',
  },
  report_due_outside_year: {
    code: 'validation_failed',
    vi: 'hạn nộp {{dueOn}} phải sau ngày bắt đầu kỳ báo cáo ({{from}})',
    en: 'the due date {{dueOn}} must be after the period starts ({{from}})',
  },
  // The report template.
  report_template_placeholder_not_allowed: {
    code: 'validation_failed',
    vi: '{{field}} được in nguyên văn, không được chứa trường trộn {{placeholder}}',
    en: '{{field}} is printed as written and cannot contain the placeholder {{placeholder}}',
  },
  report_template_placeholder_unknown: {
    code: 'validation_failed',
    vi: 'không có trường trộn {{placeholder}}; các trường hợp lệ: {{known}}',
    en: 'unknown placeholder {{placeholder}}; known: {{known}}',
  },
  report_template_placeholder_unclosed: {
    code: 'validation_failed',
    vi: 'có trường trộn chưa đóng: hãy viết {{example}}',
    en: 'a placeholder is not closed: write {{example}}',
  },
  report_template_section_key_twice: {
    code: 'validation_failed',
    vi: 'mã mục {{key}} được dùng hai lần',
    en: 'section key {{key}} is used twice',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
