import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  account_without_unit: { code: 'forbidden', vi: 'Tài khoản của bạn chưa gắn với đơn vị nào', en: 'Your account is not bound to a unit' },
  own_unit_dossiers_only: { code: 'forbidden', vi: 'Bạn chỉ xem được hồ sơ của đơn vị mình', en: 'You see only your own unit’s dossiers' },
  apology_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{code}}', en: 'Unit {{code}} not found' },
  apology_dossier_not_found: { code: 'not_found', vi: 'Không tìm thấy hồ sơ {{code}}', en: 'Dossier {{code}} not found' },
  dossier_has_no_letter: { code: 'not_found', vi: 'Hồ sơ {{code}} chưa có phiếu xin lỗi', en: 'Dossier {{code}} has no apology letter yet' },
  // The rules of one letter (dates DD/MM/YYYY, as printed).
  letter_not_needed: {
    code: 'validation_failed',
    vi: 'hồ sơ {{code}} không trễ hạn cũng không quá hạn (hạn {{due}}): không cần phiếu xin lỗi',
    en: 'dossier {{code}} is neither late nor overdue (due {{due}}): it needs no apology letter',
  },
  letter_not_needed_resolved: {
    code: 'validation_failed',
    vi: 'hồ sơ {{code}} không trễ hạn cũng không quá hạn (hạn {{due}}, đã giải quyết {{resolved}}): không cần phiếu xin lỗi',
    en: 'dossier {{code}} is neither late nor overdue (due {{due}}, resolved {{resolved}}): it needs no apology letter',
  },
  letter_reason_required: { code: 'validation_failed', vi: 'cần ghi lý do chậm trễ', en: 'the reason for the delay is required' },
  letter_dated_after_today: {
    code: 'validation_failed',
    vi: 'ngày của phiếu không được sau hôm nay ({{today}})',
    en: 'the letter cannot be dated after today ({{today}})',
  },
  letter_dated_before_receipt: {
    code: 'validation_failed',
    vi: 'ngày của phiếu không được trước ngày tiếp nhận hồ sơ ({{received}})',
    en: 'the letter cannot be dated before the dossier was received ({{received}})',
  },
  appointment_date_required: { code: 'validation_failed', vi: 'cần ghi ngày hẹn trả kết quả mới', en: 'the new appointment date is required' },
  appointment_not_after_due: {
    code: 'validation_failed',
    vi: 'ngày hẹn mới phải sau hạn giải quyết ({{due}})',
    en: 'the new appointment date must be after the due date ({{due}})',
  },
  appointment_before_letter: {
    code: 'validation_failed',
    vi: 'ngày hẹn mới không được trước ngày của phiếu ({{issuedOn}})',
    en: "the new appointment date cannot be before the letter's date ({{issuedOn}})",
  },
  letter_dossier_unknown: { code: 'validation_failed', vi: 'không tìm thấy hồ sơ {{code}}', en: 'dossier {{code}} not found' },
  letter_dossier_twice: { code: 'validation_failed', vi: 'hồ sơ {{code}} được liệt kê hai lần', en: 'dossier {{code}} is listed twice' },
  letter_exists: {
    code: 'validation_failed',
    vi: 'hồ sơ {{code}} đã có phiếu xin lỗi (ngày {{issuedOn}}); hãy sửa riêng phiếu đó',
    en: 'dossier {{code}} already has a letter (dated {{issuedOn}}); edit it on its own',
  },
  letter_counts_dates_reversed: { code: 'validation_failed', vi: 'không được trước ngày bắt đầu (from)', en: 'must not be before from' },
  // The letter template.
  template_placeholder_not_allowed: {
    code: 'validation_failed',
    vi: '{{field}} được in nguyên văn, không được chứa trường trộn {{placeholder}}',
    en: '{{field}} is printed as written and cannot contain the placeholder {{placeholder}}',
  },
  template_placeholder_unknown: {
    code: 'validation_failed',
    vi: 'không có trường trộn {{placeholder}}; các trường hợp lệ: {{known}}',
    en: 'unknown placeholder {{placeholder}}; known: {{known}}',
  },
  template_placeholder_unclosed: {
    code: 'validation_failed',
    vi: 'có trường trộn chưa đóng: hãy viết {{example}}',
    en: 'a placeholder is not closed: write {{example}}',
  },
  template_needs_paragraph: { code: 'validation_failed', vi: 'phiếu xin lỗi cần ít nhất một đoạn văn', en: 'the letter needs at least one paragraph' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
