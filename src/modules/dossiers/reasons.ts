import { defineReasons, failWith, invalidWith, type MessageParams, reasonText } from '../../errors.js';

/**
 * Why this module refuses a request, a file or a dossier row: each reason in Vietnamese and English (see
 * src/catalogue.ts). The rows of a dossier file also use the reading reasons of src/io/reasons.ts (unknown_column,
 * file_not_utf8, csv_quote_not_closed…).
 */
export const reasons = defineReasons({
  // One dossier row (rules.ts).
  dossier_code_empty: { code: 'import_rejected', vi: 'mã hồ sơ đang để trống', en: 'the dossier code is empty' },
  dossier_code_too_long: {
    code: 'import_rejected',
    vi: 'mã hồ sơ có {{length}} ký tự (tối đa {{maximum}})',
    en: 'the code has {{length}} characters (at most {{maximum}})',
  },
  dossier_code_control: {
    code: 'import_rejected',
    vi: 'mã hồ sơ chứa ký tự xuống dòng hoặc ký tự điều khiển',
    en: 'the code contains a line break or control character',
  },
  dossier_unit_code_empty: { code: 'import_rejected', vi: 'mã đơn vị đang để trống', en: 'the unit code is empty' },
  dossier_unit_code_too_long: {
    code: 'import_rejected',
    vi: 'mã đơn vị có {{length}} ký tự (tối đa {{maximum}})',
    en: 'the unit code has {{length}} characters (at most {{maximum}})',
  },
  dossier_unknown_unit: { code: 'import_rejected', vi: 'không có đơn vị mã {{code}}', en: 'unknown unit {{code}}' },
  dossier_procedure_code_empty: { code: 'import_rejected', vi: 'mã thủ tục đang để trống', en: 'the procedure code is empty' },
  dossier_procedure_code_too_long: {
    code: 'import_rejected',
    vi: 'mã thủ tục có {{length}} ký tự (tối đa {{maximum}})',
    en: 'the procedure code has {{length}} characters (at most {{maximum}})',
  },
  dossier_unknown_procedure: { code: 'import_rejected', vi: 'không có thủ tục mã {{code}}', en: 'unknown procedure {{code}}' },
  dossier_field_too_long: {
    code: 'import_rejected',
    vi: 'lĩnh vực có {{length}} ký tự (tối đa {{maximum}})',
    en: 'the field has {{length}} characters (at most {{maximum}})',
  },
  dossier_channel_empty: {
    code: 'import_rejected',
    vi: 'kênh tiếp nhận đang để trống (direct – trực tiếp, online – trực tuyến, postal – bưu chính)',
    en: 'the channel is empty (direct, online or postal)',
  },
  dossier_channel_too_long: {
    code: 'import_rejected',
    vi: 'kênh tiếp nhận có {{length}} ký tự (tối đa {{maximum}})',
    en: 'the channel has {{length}} characters (at most {{maximum}})',
  },
  dossier_unknown_channel: {
    code: 'import_rejected',
    vi: 'kênh tiếp nhận {{value}} không hợp lệ (direct – trực tiếp, online – trực tuyến, postal – bưu chính)',
    en: 'unknown channel {{value}} (direct, online or postal)',
  },
  dossier_status_empty: { code: 'import_rejected', vi: 'trạng thái hồ sơ đang để trống', en: 'the status is empty' },
  dossier_status_too_long: {
    code: 'import_rejected',
    vi: 'trạng thái hồ sơ có {{length}} ký tự (tối đa {{maximum}})',
    en: 'the status has {{length}} characters (at most {{maximum}})',
  },
  dossier_unknown_status: {
    code: 'import_rejected',
    vi: 'trạng thái {{value}} không hợp lệ (các giá trị: {{statuses}})',
    en: 'unknown status {{value}} ({{statuses}})',
  },
  dossier_instant_too_long: {
    code: 'import_rejected',
    vi: 'cột {{column}} có {{length}} ký tự (tối đa {{maximum}})',
    en: '{{column}} has {{length}} characters (at most {{maximum}})',
  },
  dossier_not_an_instant: {
    code: 'import_rejected',
    vi: '{{value}} không phải ngày giờ hợp lệ (ISO 8601, ví dụ 2025-03-14T08:30 hoặc 2025-03-14T08:30:00+07:00)',
    en: '{{value}} is not a date and time (ISO 8601, e.g. 2025-03-14T08:30 or 2025-03-14T08:30:00+07:00)',
  },
  dossier_due_before_receipt: { code: 'import_rejected', vi: 'hạn giải quyết (due_at) trước ngày tiếp nhận', en: 'due_at is before the day of receipt' },
  dossier_resolved_before_received: {
    code: 'import_rejected',
    vi: 'thời điểm giải quyết (resolved_at) trước thời điểm tiếp nhận (received_at)',
    en: 'resolved_at is before received_at',
  },
  dossier_returned_without_resolved: {
    code: 'import_rejected',
    vi: 'có thời điểm trả kết quả (returned_at) nhưng chưa có thời điểm giải quyết (resolved_at)',
    en: 'returned_at is given but resolved_at is empty',
  },
  dossier_returned_before_resolved: {
    code: 'import_rejected',
    vi: 'thời điểm trả kết quả (returned_at) trước thời điểm giải quyết (resolved_at)',
    en: 'returned_at is before resolved_at',
  },
  // A time later than the moment of import (the server's clock): the dossier cannot have reached that stage yet.
  dossier_received_after_import: {
    code: 'import_rejected',
    vi: 'thời điểm tiếp nhận (received_at) {{value}} muộn hơn thời điểm nhập dữ liệu ({{importedAt}}): không thể tiếp nhận hồ sơ trong tương lai',
    en: 'received_at {{value}} is later than the moment of import ({{importedAt}}): a dossier cannot be received in the future',
  },
  dossier_resolved_after_import: {
    code: 'import_rejected',
    vi: 'thời điểm giải quyết (resolved_at) {{value}} muộn hơn thời điểm nhập dữ liệu ({{importedAt}}): hồ sơ chưa thể được giải quyết trong tương lai',
    en: 'resolved_at {{value}} is later than the moment of import ({{importedAt}}): a dossier cannot be resolved in the future',
  },
  dossier_returned_after_import: {
    code: 'import_rejected',
    vi: 'thời điểm trả kết quả (returned_at) {{value}} muộn hơn thời điểm nhập dữ liệu ({{importedAt}}): chưa thể trả kết quả trong tương lai',
    en: 'returned_at {{value}} is later than the moment of import ({{importedAt}}): a result cannot be returned in the future',
  },
  dossier_status_needs_resolved: {
    code: 'import_rejected',
    vi: 'trạng thái "{{status}}" cần có thời điểm giải quyết (resolved_at)',
    en: 'status "{{status}}" needs resolved_at',
  },

  // The file (reader.ts) and the run (import.ts, runs.ts).
  dossier_file_empty: { code: 'import_rejected', vi: 'tệp rỗng (0 byte)', en: 'the file is empty (0 bytes)' },
  dossier_file_no_header: { code: 'import_rejected', vi: 'tệp không có dòng tiêu đề', en: 'the file has no header row' },
  dossier_workbook_no_header: { code: 'import_rejected', vi: 'bảng tính không có dòng tiêu đề', en: 'the workbook has no header row' },
  dossier_no_data_rows: { code: 'import_rejected', vi: 'tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào', en: 'the file has a header but no data rows' },
  dossier_one_value: {
    code: 'import_rejected',
    vi: 'dòng chỉ có 1 giá trị trong khi tệp có {{columns}} cột (dòng bị cắt?)',
    en: '1 value for {{columns}} columns (a cut-off line?)',
  },
  dossier_too_few_values: {
    code: 'import_rejected',
    vi: 'dòng chỉ có {{values}} giá trị trong khi tệp có {{columns}} cột (dòng bị cắt?)',
    en: '{{values}} values for {{columns}} columns (a cut-off line?)',
  },
  dossier_duplicate_code: {
    code: 'import_rejected',
    vi: 'mã hồ sơ "{{code}}" bị trùng: đã có ở dòng {{line}}',
    en: 'duplicate code "{{code}}": already on line {{line}}',
  },
  dossier_units_deleted: {
    code: 'import_rejected',
    vi: 'đơn vị {{units}} (theo id) đã bị xóa trong lúc nhập; hãy nhập lại tệp',
    en: 'units {{units}} (by id) were deleted during the import; import the file again',
  },
  dossier_procedures_deleted: {
    code: 'import_rejected',
    vi: 'thủ tục {{procedures}} (theo id) đã bị xóa trong lúc nhập; hãy nhập lại tệp',
    en: 'procedures {{procedures}} (by id) were deleted during the import; import the file again',
  },
  dossier_units_procedures_deleted: {
    code: 'import_rejected',
    vi: 'đơn vị {{units}} và thủ tục {{procedures}} (theo id) đã bị xóa trong lúc nhập; hãy nhập lại tệp',
    en: 'units {{units}} and procedures {{procedures}} (by id) were deleted during the import; import the file again',
  },
  dossier_import_interrupted: {
    code: 'internal_error',
    vi: 'lượt nhập bị gián đoạn: tiến trình đã dừng trước khi kết thúc (chưa ghi dữ liệu nào)',
    en: 'the import was interrupted: its process stopped before the end (nothing was written)',
  },
  dossier_import_stopped: { code: 'internal_error', vi: 'lượt nhập đã dừng: {{detail}}', en: 'the import stopped: {{detail}}' },

  // Requests (routes.ts, tokens.ts, the CLI).
  dossier_import_rejected: {
    code: 'import_rejected',
    vi: 'Tệp nhập bị từ chối: {{rejected}}/{{rowsRead}} dòng không hợp lệ; chưa ghi dữ liệu nào',
    en: 'The import was rejected: {{rejected}} of {{rowsRead}} rows are invalid; nothing was written',
  },
  dossier_upload_too_large: {
    code: 'payload_too_large',
    vi: 'Tệp lớn hơn giới hạn tải lên hồ sơ {{limitBytes}} byte (DOSSIER_UPLOAD_LIMIT_BYTES)',
    en: 'The file is larger than the dossier upload limit of {{limitBytes}} bytes (DOSSIER_UPLOAD_LIMIT_BYTES)',
  },
  dossier_batch_too_large: {
    code: 'payload_too_large',
    vi: 'Mỗi lô gửi tối đa {{maxDossiers}} hồ sơ; lô này có {{dossiers}}. Hãy chia thành nhiều lô.',
    en: 'A batch holds at most {{maxDossiers}} dossiers; this one has {{dossiers}}. Send it in several batches.',
  },
  dossier_batch_needs_token: { code: 'unauthenticated', vi: 'Thao tác này cần mã truy cập API (API token)', en: 'This route needs an API token' },
  api_token_not_found: { code: 'not_found', vi: 'Không tìm thấy mã truy cập API {{id}}', en: 'API token {{id}} not found' },
  api_token_invalid: {
    code: 'unauthenticated',
    vi: 'Thao tác này cần mã truy cập API hợp lệ: Authorization: Bearer pdx_… (do quản trị viên tạo)',
    en: 'This route needs an API token: Authorization: Bearer pdx_… (an administrator creates one)',
  },
  import_run_not_found: { code: 'not_found', vi: 'Không tìm thấy lượt nhập {{id}}', en: 'Import run {{id}} not found' },
  // The dossier list and one dossier (search.ts, policies.ts).
  dossier_not_found: { code: 'not_found', vi: 'Không tìm thấy hồ sơ {{code}}', en: 'Dossier {{code}} not found' },
  dossier_search_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{code}}', en: 'Unit {{code}} not found' },
  dossier_own_unit_only: { code: 'forbidden', vi: 'Bạn chỉ xem được hồ sơ của đơn vị mình', en: 'You see only your own unit’s dossiers' },
  dossier_account_without_unit: { code: 'forbidden', vi: 'Tài khoản của bạn chưa gắn với đơn vị nào', en: 'Your account is not bound to a unit' },
  dossier_search_too_deep: {
    code: 'bad_request',
    vi: 'Danh sách chỉ xem được {{maxRows}} hồ sơ đầu tiên; hãy thu hẹp bộ lọc (đơn vị, ngày tiếp nhận, …)',
    en: 'The list reaches the first {{maxRows}} dossiers only; narrow the filters (unit, received dates, …)',
  },
  // Said by the web page itself (web/src/api/dossiers.ts) when the upload does not reach the server.
  dossier_upload_interrupted: { code: 'bad_request', vi: 'Quá trình tải tệp lên bị gián đoạn', en: 'The upload was interrupted' },
  dossier_upload_cancelled: { code: 'bad_request', vi: 'Đã hủy tải tệp lên', en: 'The upload was cancelled' },
  dossier_cli_file_not_found: { code: 'not_found', vi: 'Không tìm thấy tệp: {{file}}', en: 'File not found: {{file}}' },
  // Partitions by year of receipt (partitions.ts).
  dossier_year_archived: {
    code: 'import_rejected',
    vi: 'hồ sơ tiếp nhận năm {{year}}: dữ liệu năm này đã được lưu trữ (khôi phục trước bằng parindex dossiers restore --year {{year}})',
    en: 'received in {{year}}: that year is archived (restore it first with parindex dossiers restore --year {{year}})',
  },
  dossier_year_not_partitioned: {
    code: 'not_found',
    vi: 'Không có dữ liệu hồ sơ năm {{year}} để lưu trữ',
    en: 'There are no dossiers of {{year}} to archive',
  },
  dossier_year_already_archived: {
    code: 'conflict',
    vi: 'Hồ sơ năm {{year}} đã được lưu trữ',
    en: 'The dossiers of {{year}} are already archived',
  },
  dossier_year_not_archived: {
    code: 'not_found',
    vi: 'Hồ sơ năm {{year}} chưa được lưu trữ nên không có gì để khôi phục',
    en: 'The dossiers of {{year}} are not archived: nothing to restore',
  },
  dossier_year_current: {
    code: 'conflict',
    vi: 'Không thể lưu trữ năm {{year}}: chỉ lưu trữ được các năm trước năm {{current}}',
    en: 'Cannot archive {{year}}: only years before {{current}} can be archived',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);

/** A reason of this module as `{ code, params, message }` (a row problem, a run's error). */
export const dossierText = (reason: keyof typeof reasons, params?: MessageParams) => reasonText(reasons, reason, params);
