import { defineReasons, reasonText } from '../errors.js';

/**
 * Reasons raised by src/io, in Vietnamese and English (see src/catalogue.ts): why a table file (CSV, XLSX) cannot be
 * read, why its header or a row is refused, why an upload is refused. Each is a row error `{ row, column, code,
 * params, message }` of an import_rejected answer, or the reason of an upload error.
 */
export const reasons = defineReasons({
  // Encoding and content (CSV).
  file_utf16: {
    code: 'import_rejected',
    vi: 'tệp là văn bản UTF-16; hãy lưu lại dưới dạng "CSV UTF-8"',
    en: 'the file is UTF-16 text; save it as "CSV UTF-8"',
  },
  file_not_utf8: {
    code: 'import_rejected',
    vi: 'tệp không phải văn bản UTF-8 (hãy lưu lại dưới dạng "CSV UTF-8")',
    en: 'the file is not UTF-8 text (save it as "CSV UTF-8")',
  },
  file_binary: { code: 'import_rejected', vi: 'nội dung nhị phân: không phải tệp CSV hay XLSX', en: 'binary content: not a CSV or XLSX file' },
  csv_ends_inside_record: {
    code: 'import_rejected',
    vi: 'tệp CSV bị lỗi tại đây: tệp kết thúc giữa chừng một dòng dữ liệu',
    en: 'the CSV is malformed here: the file ends inside a record',
  },
  csv_quote_not_closed: {
    code: 'import_rejected',
    vi: 'tệp CSV bị lỗi tại đây: một giá trị trong ngoặc kép chưa được đóng (tệp bị cắt?)',
    en: 'the CSV is malformed here: a quoted value is not closed (a cut-off file?)',
  },
  csv_text_after_quote: {
    code: 'import_rejected',
    vi: 'tệp CSV bị lỗi tại đây: có ký tự sau dấu ngoặc kép đóng (dấu ngoặc kép bên trong giá trị phải viết đôi "")',
    en: 'the CSV is malformed here: text after a closing quote (a quote inside a value must be doubled)',
  },

  // Limits.
  column_beyond_limit: {
    code: 'import_rejected',
    vi: 'cột {{column}} ({{letters}}) vượt quá giới hạn {{maxColumns}} cột',
    en: 'column {{column}} ({{letters}}) is beyond the limit of {{maxColumns}} columns',
  },
  cell_longer_than_limit: { code: 'import_rejected', vi: 'giá trị dài quá {{maxChars}} ký tự', en: 'the value is longer than {{maxChars}} characters' },
  too_many_data_rows: {
    code: 'import_rejected',
    vi: 'tệp có quá {{maxRows}} dòng dữ liệu; hãy chia nhỏ tệp',
    en: 'more than {{maxRows}} data rows; split the file',
  },
  too_much_data: {
    code: 'import_rejected',
    vi: 'tệp chứa quá {{maxChars}} ký tự dữ liệu; hãy chia nhỏ tệp',
    en: 'the file holds more than {{maxChars}} characters of data; split it',
  },

  // XLSX workbooks.
  xlsx_part_too_large: {
    code: 'import_rejected',
    vi: 'phần {{part}} của tệp lớn hơn {{megabytes}} MB khi giải nén',
    en: 'the part {{part}} is larger than {{megabytes}} MB uncompressed',
  },
  xlsx_too_many_texts: {
    code: 'import_rejected',
    vi: 'bảng tính chứa quá {{maxTexts}} chuỗi văn bản khác nhau; hãy lưu lại dưới dạng CSV UTF-8',
    en: 'the workbook holds more than {{maxTexts}} distinct texts; save it as CSV UTF-8',
  },
  xlsx_texts_too_long: {
    code: 'import_rejected',
    vi: 'văn bản trong bảng tính vượt quá {{maxChars}} ký tự; hãy lưu lại dưới dạng CSV UTF-8',
    en: "the workbook's texts hold more than {{maxChars}} characters; save it as CSV UTF-8",
  },
  xlsx_no_workbook: {
    code: 'import_rejected',
    vi: 'không phải bảng tính XLSX (tệp ZIP không có xl/workbook.xml)',
    en: 'not an XLSX workbook (a ZIP file without xl/workbook.xml)',
  },
  xlsx_no_worksheet: { code: 'import_rejected', vi: 'bảng tính không có trang tính nào', en: 'the workbook has no worksheet' },
  xlsx_sheet_missing: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (thiếu trang tính "{{sheet}}")',
    en: 'not a readable XLSX workbook (the sheet "{{sheet}}" is missing)',
  },
  xlsx_dimension_beyond_limit: {
    code: 'import_rejected',
    vi: 'trang tính khai báo vùng {{ref}}, vượt quá giới hạn {{maxColumns}} cột',
    en: 'the sheet declares {{ref}}, beyond the limit of {{maxColumns}} columns',
  },
  xlsx_bad_row_number: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (số dòng "{{value}}")',
    en: 'not a readable XLSX workbook (row number "{{value}}")',
  },
  xlsx_bad_cell_reference: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (địa chỉ ô "{{value}}")',
    en: 'not a readable XLSX workbook (cell reference "{{value}}")',
  },
  xlsx_tag_too_long: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (có thẻ XML dài quá 64 KB)',
    en: 'not a readable XLSX workbook (a tag longer than 64 KB)',
  },
  xlsx_xml_cut_off: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (XML kết thúc giữa chừng một thẻ — tệp bị cắt?)',
    en: 'not a readable XLSX workbook (the XML ends inside a tag (a cut-off file?))',
  },
  xlsx_doctype: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (có khai báo kiểu tài liệu DOCTYPE)',
    en: 'not a readable XLSX workbook (a document type declaration)',
  },
  xlsx_unexpected_markup: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (cú pháp XML không mong đợi)',
    en: 'not a readable XLSX workbook (unexpected markup)',
  },
  // The ZIP container of a workbook (src/io/zip.ts).
  zip_directory_missing: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (thiếu danh mục ZIP — tệp bị cắt hoặc hỏng?)',
    en: 'not a readable XLSX workbook (the ZIP directory is missing (a cut-off or damaged file?))',
  },
  zip64_directory_damaged: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (danh mục ZIP64 bị hỏng)',
    en: 'not a readable XLSX workbook (the ZIP64 directory is damaged)',
  },
  zip_too_many_entries: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (tệp nén chứa {{count}} mục, tối đa {{maxEntries}})',
    en: 'not a readable XLSX workbook (the archive holds {{count}} entries (at most {{maxEntries}}))',
  },
  zip_directory_cut_off: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (danh mục ZIP bị hỏng — tệp bị cắt?)',
    en: 'not a readable XLSX workbook (the ZIP directory is damaged (a cut-off file?))',
  },
  zip_directory_damaged: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (danh mục ZIP bị hỏng)',
    en: 'not a readable XLSX workbook (the ZIP directory is damaged)',
  },
  zip_encrypted: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (bảng tính được đặt mật khẩu)',
    en: 'not a readable XLSX workbook (the workbook is encrypted (password-protected))',
  },
  zip_method_unsupported: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (phương thức nén ZIP {{method}} không được hỗ trợ)',
    en: 'not a readable XLSX workbook (unsupported ZIP compression method {{method}})',
  },
  zip_entry_damaged: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (mục {{entry}} bị hỏng)',
    en: 'not a readable XLSX workbook (the entry {{entry}} is damaged)',
  },
  zip_entry_cut_off: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (mục {{entry}} bị cắt cụt)',
    en: 'not a readable XLSX workbook (the entry {{entry}} is cut off)',
  },
  zip_entry_inflate_failed: {
    code: 'import_rejected',
    vi: 'không đọc được bảng tính XLSX (mục {{entry}} bị hỏng: {{detail}})',
    en: 'not a readable XLSX workbook (the entry {{entry}} is damaged ({{detail}}))',
  },

  // The header and the rows of a table (src/io/tabular.ts).
  file_is_empty: { code: 'import_rejected', vi: 'tệp rỗng', en: 'empty file' },
  no_header_row: { code: 'import_rejected', vi: 'tệp không có dòng tiêu đề', en: 'no header row' },
  no_data_rows: { code: 'import_rejected', vi: 'tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào', en: 'no data rows' },
  unknown_column: {
    code: 'import_rejected',
    vi: 'cột "{{column}}" không được hỗ trợ; các cột hợp lệ: {{expected}}',
    en: 'unknown column "{{column}}"; expected {{expected}}',
  },
  duplicate_column: { code: 'import_rejected', vi: 'cột "{{column}}" xuất hiện hai lần', en: 'column "{{column}}" appears twice' },
  missing_column: { code: 'import_rejected', vi: 'thiếu cột "{{column}}"', en: 'missing column "{{column}}"' },
  too_many_values: {
    code: 'import_rejected',
    vi: 'dòng có {{values}} giá trị trong khi tệp có {{columns}} cột',
    en: '{{values}} values for {{columns}} columns',
  },

  // One cell checked with the API's schema (src/io/row-schema.ts).
  cell_empty: { code: 'import_rejected', vi: 'cột {{column}} đang để trống', en: '{{column}} is empty' },
  cell_too_many_chars: {
    code: 'import_rejected',
    vi: 'cột {{label}} có {{length}} ký tự (tối đa {{maximum}})',
    en: '{{label}} has {{length}} characters (at most {{maximum}})',
  },
  cell_code_invalid: {
    code: 'import_rejected',
    vi: 'mã {{value}} ở cột {{label}} không hợp lệ (chỉ gồm chữ cái, chữ số và _ . -; tối đa {{maximum}} ký tự)',
    en: 'invalid {{label}} {{value}} (letters, digits, _ . - ; at most {{maximum}})',
  },
  cell_unit_code_invalid: {
    code: 'import_rejected',
    vi: 'mã đơn vị {{value}} không hợp lệ (chỉ gồm chữ cái, chữ số và _ . -; tối đa {{maximum}} ký tự)',
    en: 'invalid unit code {{value}} (letters, digits, _ . - ; at most {{maximum}})',
  },
  cell_parent_code_invalid: {
    code: 'import_rejected',
    vi: 'mã đơn vị cấp trên {{value}} không hợp lệ (chỉ gồm chữ cái, chữ số và _ . -; tối đa {{maximum}} ký tự)',
    en: 'invalid parent unit code {{value}} (letters, digits, _ . - ; at most {{maximum}})',
  },
  cell_block_code_invalid: { code: 'import_rejected', vi: 'mã khối {{value}} không hợp lệ', en: 'invalid block code {{value}}' },

  // Uploads (src/http/upload.ts).
  upload_not_multipart: {
    code: 'unsupported_media_type',
    vi: 'Hãy gửi tệp dưới dạng multipart/form-data, trong trường có tên "{{field}}"',
    en: 'Send the file as multipart/form-data in a field named "{{field}}"',
  },
  upload_no_boundary: {
    code: 'bad_request',
    vi: 'Kiểu nội dung multipart/form-data thiếu tham số boundary',
    en: 'The multipart/form-data content type has no boundary',
  },
  upload_malformed: { code: 'bad_request', vi: 'Nội dung multipart/form-data bị lỗi: {{detail}}', en: 'The multipart/form-data body is malformed: {{detail}}' },
  upload_one_file_only: {
    code: 'bad_request',
    vi: 'Chỉ gửi một tệp, trong trường multipart "{{field}}"',
    en: 'Send one file only, in the multipart field "{{field}}"',
  },
  upload_wrong_field: {
    code: 'bad_request',
    vi: 'Tệp phải được gửi trong trường multipart "{{field}}", không phải {{given}}',
    en: 'The file must be sent in the multipart field "{{field}}", not {{given}}',
  },
  upload_field_not_file: {
    code: 'bad_request',
    vi: 'Trường multipart "{{field}}" phải là một tệp (phần có tên tệp), không phải một giá trị văn bản',
    en: 'The multipart field "{{field}}" must be a file (a part with a filename), not a text value',
  },
  upload_no_file: { code: 'validation_failed', vi: 'Chưa có tệp nào được gửi', en: 'No file was sent' },
  upload_too_large: {
    code: 'payload_too_large',
    vi: 'Tệp lớn hơn giới hạn tải lên {{limitBytes}} byte ({{setting}})',
    en: 'The file is larger than the upload limit of {{limitBytes}} bytes ({{setting}})',
  },
});

export type IoReason = keyof typeof reasons;

/** A reason of src/io as `{ code, params, message }` (a row error's text, a TableFileError's cause). */
export const ioText = (reason: IoReason, params?: Parameters<typeof reasonText>[2]) => reasonText(reasons, reason, params);
