import { defineReasons, failWith, invalidWith, reasonText } from '../../errors.js';

/**
 * Why staff entry of paper forms, the re-check flag, and the responses file import / export refuse something; each
 * reason in Vietnamese and English (src/catalogue.ts). Answer problems keep the surveys' core reasons
 * (survey_scale_out_of_range, survey_option_unknown…), so a form, a paper entry and a file row read alike.
 */
export const reasons = defineReasons({
  survey_entry_channel_off: {
    code: 'conflict',
    vi: 'Đợt khảo sát {{campaign}} không nhận phiếu qua kênh {{channel}} (hãy bật kênh này trong cấu hình đợt khảo sát)',
    en: 'Campaign {{campaign}} does not take responses through the {{channel}} channel (enable it in the campaign)',
  },
  survey_entry_own_unit_only: {
    code: 'forbidden',
    vi: 'Cán bộ đơn vị chỉ nhập và xem phiếu của đơn vị mình',
    en: 'Unit staff enter and read the forms of their own unit only',
  },
  survey_entry_officials_admin_only: {
    code: 'forbidden',
    vi: 'Phiếu điều tra xã hội học (đánh giá nhiều đơn vị) do Sở Nội vụ nhập',
    en: 'Officials’ survey forms (rating several units) are entered by the organizer',
  },
  survey_entry_unit_required: {
    code: 'validation_failed',
    vi: 'chọn đơn vị được khảo sát của phiếu',
    en: 'choose the unit the form is about',
  },
  survey_entry_ratings_for_officials: {
    code: 'validation_failed',
    vi: 'chỉ phiếu điều tra xã hội học mới có phần đánh giá theo đơn vị (ratings)',
    en: 'only officials’ survey forms rate units (ratings)',
  },
  survey_entry_group_unknown: {
    code: 'validation_failed',
    vi: 'không có nhóm đối tượng {{group}} trong đợt khảo sát',
    en: 'the campaign has no respondent group {{group}}',
  },
  survey_entry_unit_unknown: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  survey_entry_same_user: {
    code: 'conflict',
    vi: 'Phiếu {{form}} đã được bạn nhập lần 1; lần nhập thứ 2 phải do người khác thực hiện',
    en: 'You entered form {{form}} the first time; the second entry must be typed by someone else',
  },
  survey_entry_differences_pending: {
    code: 'conflict',
    vi: 'Phiếu {{form}} đã nhập đủ hai lần và có chỗ khác nhau; chờ Sở Nội vụ đối chiếu',
    en: 'Form {{form}} was entered twice with differences; it waits for the organizer to resolve them',
  },
  survey_entry_form_done: {
    code: 'conflict',
    vi: 'Phiếu {{form}} đã nhập đủ hai lần và đã ghi nhận; muốn sửa, Sở Nội vụ dùng chức năng đối chiếu',
    en: 'Form {{form}} was entered twice and recorded; the organizer corrects it through resolve',
  },
  survey_entry_nothing_to_resolve: {
    code: 'not_found',
    vi: 'Phiếu {{form}} chưa được nhập lần nào',
    en: 'Form {{form}} has not been entered yet',
  },
  survey_entry_form_no_taken: {
    code: 'conflict',
    vi: 'Số phiếu {{form}} đã dùng cho một phiếu nhận qua kênh {{source}}',
    en: 'Form number {{form}} is already used by a response from the {{source}} channel',
  },
  survey_entry_response_not_found: { code: 'not_found', vi: 'Không tìm thấy phiếu {{response}}', en: 'Response {{response}} not found' },
  // Rows of a responses file.
  survey_import_id_empty: { code: 'import_rejected', vi: 'response_id đang để trống', en: 'response_id is empty' },
  survey_import_id_repeated: {
    code: 'import_rejected',
    vi: 'response_id {{id}} bị trùng (đã có ở dòng {{row}})',
    en: 'duplicate response_id {{id}} (first on row {{row}})',
  },
  survey_import_id_not_grouped: {
    code: 'import_rejected',
    vi: 'các dòng của response_id {{id}} phải liền nhau (đã có ở dòng {{row}})',
    en: 'the rows of response_id {{id}} must be consecutive (first on row {{row}})',
  },
  survey_import_id_unknown: {
    code: 'import_rejected',
    vi: 'không có phiếu số {{id}} trong đợt khảo sát (mã dạng #số chỉ phiếu đã có)',
    en: 'the campaign has no response {{id}} (#number names an existing response)',
  },
  survey_import_id_too_long: {
    code: 'import_rejected',
    vi: 'response_id {{id}} dài quá {{maximum}} ký tự',
    en: 'response_id {{id}} is longer than {{maximum}} characters',
  },
  survey_import_unit_empty: { code: 'import_rejected', vi: '{{column}} đang để trống', en: '{{column}} is empty' },
  survey_import_rated_twice: {
    code: 'import_rejected',
    vi: 'phiếu {{id}} đánh giá đơn vị {{unit}} hai lần (đã có ở dòng {{row}})',
    en: 'response {{id}} rates unit {{unit}} twice (first on row {{row}})',
  },
  survey_import_profile_differs: {
    code: 'import_rejected',
    vi: 'câu hỏi {{question}} của phiếu {{id}} khác với dòng {{row}} ({{value}})',
    en: 'question {{question}} of response {{id}} differs from row {{row}} ({{value}})',
  },
  survey_import_group_differs: {
    code: 'import_rejected',
    vi: 'nhóm đối tượng của phiếu {{id}} khác với dòng {{row}}',
    en: 'the respondent group of response {{id}} differs from row {{row}}',
  },
  survey_import_rated_answer_without_unit: {
    code: 'import_rejected',
    vi: 'dòng có câu trả lời đánh giá nhưng thiếu rated_unit_code',
    en: 'the row answers rating questions but has no rated_unit_code',
  },
});

export type SurveyEntryReason = keyof typeof reasons;
export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
export const said = (reason: SurveyEntryReason, params?: Parameters<typeof reasonText>[2]) => reasonText(reasons, reason, params);
