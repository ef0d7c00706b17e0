import { defineReasons, failWith, invalidWith } from '../../errors.js';

/**
 * Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). The framework
 * rules themselves (codes, sums, formulas, class bands) are domain reasons: src/domain/framework-reasons.ts.
 */
export const reasons = defineReasons({
  // Finding a framework.
  framework_not_found: { code: 'not_found', vi: 'Không tìm thấy bộ tiêu chí số {{id}}', en: 'Framework {{id}} not found' },
  framework_of_block_not_found: {
    code: 'not_found',
    vi: 'Không tìm thấy bộ tiêu chí của khối {{block}} năm {{year}}',
    en: 'Framework of {{block}} {{year}} not found',
  },
  framework_revision_not_found: {
    code: 'not_found',
    vi: 'Không tìm thấy phiên bản {{revision}} của bộ tiêu chí khối {{block}} năm {{year}}',
    en: 'Framework of {{block}} {{year}} revision {{revision}} not found',
  },
  framework_unknown_block: { code: 'validation_failed', vi: 'không có khối mã {{block}}', en: 'unknown block {{block}}' },
  framework_name_empty: { code: 'validation_failed', vi: 'chưa nhập tên bộ tiêu chí', en: 'name is empty' },

  // A revision a round uses is frozen.
  framework_in_use_change: {
    code: 'conflict',
    vi: 'Bộ tiêu chí khối {{block}} năm {{year}} (phiên bản {{revision}}) đang được một đợt đánh giá sử dụng nên không thể sửa; hãy tạo phiên bản mới từ bộ tiêu chí số {{id}}',
    en: 'Framework {{block}} {{year}} revision {{revision}} is used by an assessment round and cannot be changed; create a new revision instead (POST /api/v1/frameworks/{{id}}/revisions)',
  },
  framework_in_use_delete: {
    code: 'conflict',
    vi: 'Bộ tiêu chí khối {{block}} năm {{year}} (phiên bản {{revision}}) đang được một đợt đánh giá sử dụng nên không thể xóa; hãy tạo phiên bản mới từ bộ tiêu chí số {{id}}',
    en: 'Framework {{block}} {{year}} revision {{revision}} is used by an assessment round and cannot be deleted; create a new revision instead (POST /api/v1/frameworks/{{id}}/revisions)',
  },

  // Values of a criterion as a file or the API writes them.
  framework_points_empty: { code: 'validation_failed', vi: 'chưa nhập điểm tối đa', en: 'max points is empty' },
  framework_points_too_large: {
    code: 'validation_failed',
    vi: 'điểm tối đa {{value}} quá lớn (tối đa {{max}})',
    en: 'max points {{value}} is too large (at most {{max}})',
  },
  framework_points_not_number: {
    code: 'validation_failed',
    vi: 'điểm tối đa {{value}} không phải là số điểm hợp lệ (tối đa hai chữ số thập phân)',
    en: 'max points {{value}} is not a number of points with at most two decimals',
  },
  framework_points_type: { code: 'validation_failed', vi: 'điểm tối đa phải là một số, ví dụ 1.25', en: 'max points must be a number such as 1.25' },
  framework_method_unknown: {
    code: 'validation_failed',
    vi: 'phương thức chấm điểm {{value}} không hợp lệ; hãy dùng một trong: {{methods}}',
    en: 'unknown method {{value}}; use {{methods}}',
  },
  framework_survey_not_json: {
    code: 'validation_failed',
    vi: 'cột survey phải chứa liên kết khảo sát dạng JSON như {"campaign":"SIPAS-2026","measure":{"kind":"sipas"},"mapping":{"kind":"linear"}}, không phải {{value}}',
    en: 'the survey column holds the survey link as JSON such as {"campaign":"SIPAS-2026","measure":{"kind":"sipas"},"mapping":{"kind":"linear"}}, not {{value}}',
  },
  framework_method_empty: { code: 'validation_failed', vi: 'chưa nhập phương thức chấm điểm', en: 'method is empty' },
  framework_not_yes_no: {
    code: 'validation_failed',
    vi: '{{value}} không phải là có/không (yes, no, true, false, 1, 0, có, không)',
    en: '{{value}} is not yes/no (yes, no, true, false, 1, 0, có, không)',
  },
  framework_too_many_criteria: {
    code: 'validation_failed',
    vi: 'một bộ tiêu chí có tối đa {{max}} tiêu chí; tệp này có {{count}}',
    en: 'a framework has at most {{max}} criteria; this file has {{count}}',
  },

  // The `classes` sheet of a workbook.
  framework_classes_columns: {
    code: 'validation_failed',
    vi: 'trang classes: các cột phải là {{columns}}',
    en: 'sheet classes: the columns must be {{columns}}',
  },
  framework_classes_min_not_index: {
    code: 'validation_failed',
    vi: 'trang classes: {{value}} không phải là chỉ số từ 0 đến 100',
    en: 'sheet classes: {{value}} is not an index from 0 to 100',
  },
  framework_classes_label_too_long: {
    code: 'validation_failed',
    vi: 'trang classes: tên mức xếp loại có {{length}} ký tự (tối đa {{max}})',
    en: 'sheet classes: the label has {{length}} characters (at most {{max}})',
  },

  // A framework file.
  framework_file_empty: { code: 'import_rejected', vi: 'Tệp rỗng', en: 'The file is empty' },
  framework_file_empty_row: { code: 'validation_failed', vi: 'tệp rỗng', en: 'empty file' },
  framework_file_not_json: { code: 'import_rejected', vi: 'Tệp không phải JSON hợp lệ (mã hóa UTF-8)', en: 'The file is not valid UTF-8 JSON' },
  framework_file_not_json_row: { code: 'validation_failed', vi: 'không phải JSON hợp lệ', en: 'not valid JSON' },
  framework_file_not_format: { code: 'import_rejected', vi: 'Tệp không phải định dạng {{format}}', en: 'The file is not {{format}}' },
  framework_file_not_format_row: { code: 'validation_failed', vi: 'nội dung tệp không phải định dạng {{format}}', en: 'the content is not {{format}}' },
  framework_json_shape: { code: 'import_rejected', vi: 'Tệp JSON không đúng cấu trúc của bộ tiêu chí', en: 'The JSON file does not have the framework shape' },
  framework_json_unknown_key: { code: 'validation_failed', vi: 'trường không được hỗ trợ: {{key}}', en: 'Unrecognized key: {{key}}' },
  framework_json_unknown_keys: { code: 'validation_failed', vi: 'các trường không được hỗ trợ: {{keys}}', en: 'Unrecognized keys: {{keys}}' },
  framework_json_unknown_keys_more: {
    code: 'validation_failed',
    vi: 'các trường không được hỗ trợ: {{keys}} và {{more}} trường khác',
    en: 'Unrecognized keys: {{keys}} and {{more}} more',
  },
  framework_file_rejected: {
    code: 'import_rejected',
    vi: 'Tệp bộ tiêu chí bị từ chối: {{count}} lỗi, chưa ghi dữ liệu nào',
    en: 'Framework file rejected: {{count}} error(s), nothing was written',
  },
  framework_file_for_year: {
    code: 'import_rejected',
    vi: 'Tệp dành cho năm {{year}}, không phải năm {{expected}}',
    en: 'The file is for year {{year}}, not {{expected}}',
  },
  framework_file_year_mismatch: {
    code: 'validation_failed',
    vi: 'tệp ghi năm {{year}} nhưng đang nhập vào năm {{expected}}; hãy sửa tệp hoặc chọn đúng năm cần nhập',
    en: 'the file says year {{year}} but the import is for {{expected}}; change the file or the year you import into',
  },
  framework_file_for_block: {
    code: 'import_rejected',
    vi: 'Tệp dành cho khối {{block}}, không phải khối {{expected}}',
    en: 'The file is for block {{block}}, not {{expected}}',
  },
  framework_file_block_mismatch: {
    code: 'validation_failed',
    vi: 'tệp ghi khối {{block}} nhưng đang nhập vào khối {{expected}}; hãy sửa tệp hoặc chọn đúng khối cần nhập',
    en: 'the file says block {{block}} but the import is for {{expected}}; change the file or the block you import into',
  },
  framework_file_needs_year: { code: 'validation_failed', vi: 'tệp {{format}} cần chọn năm khi nhập', en: 'required for a {{format}} file' },
  framework_file_needs_block: { code: 'validation_failed', vi: 'tệp {{format}} cần chọn khối khi nhập', en: 'required for a {{format}} file' },
  framework_file_needs_year_block: {
    code: 'validation_failed',
    vi: 'tệp {{format}} cần chọn năm và khối khi nhập',
    en: 'year and block: required for a {{format}} file',
  },
});

export type FrameworksReason = keyof typeof reasons;

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
