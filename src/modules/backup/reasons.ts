import { defineReasons, failWith, invalidWith } from '../../errors.js';

/**
 * Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). `detail` is what
 * zlib, tar or the database said (technical, in English).
 */
export const reasons = defineReasons({
  // A damaged archive: `archive_damaged` carries what zlib or tar said; each check of restore.ts has its own reason.
  archive_damaged: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{detail}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{detail}}): nothing was restored',
  },
  archive_member_too_large: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} có {{bytes}} byte, lớn hơn mọi thành phần một bản sao lưu ghi ra): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is {{bytes}} bytes, more than a backup ever writes): nothing was restored',
  },
  archive_member_cut_short: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} bị cắt cụt): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is cut short): nothing was restored',
  },
  archive_member_not_json: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} không phải là JSON): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is not JSON): nothing was restored',
  },
  archive_first_member_unexpected: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (thành phần đầu tiên là {{member}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete (the first member is {{member}}): nothing was restored',
  },
  archive_member_changed: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} đã thay đổi trong khi đang đọc): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} changed while it was read): nothing was restored',
  },
  archive_member_after_manifest: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} nằm sau {{manifest}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} follows {{manifest}}): nothing was restored',
  },
  archive_member_unexpected: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (thành phần không mong đợi {{member}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete (unexpected member {{member}}): nothing was restored',
  },
  archive_member_out_of_order: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} sai thứ tự): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is out of order): nothing was restored',
  },
  archive_member_part_missing: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} sai thứ tự hoặc thiếu một phần): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is out of order or a part is missing): nothing was restored',
  },
  archive_member_partial_row: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} không kết thúc bằng một dòng trọn vẹn): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} does not end with a whole row): nothing was restored',
  },
  archive_file_checksum_mismatch: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (tệp {{file}} không khớp với mã kiểm tra của nó): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete (the file {{file}} does not match its checksum): nothing was restored',
  },
  archive_member_checksum_mismatch: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} không khớp với mã kiểm tra của nó): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} does not match its checksum): nothing was restored',
  },
  archive_manifest_missing: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (thiếu {{manifest}} ở cuối tệp): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete (no {{manifest}} at the end): nothing was restored',
  },
  archive_manifest_foreign: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{manifest}} không thuộc về phần đầu của tệp sao lưu này): chưa khôi phục gì',
    en: "The archive is damaged or incomplete ({{manifest}} does not belong to this archive's header): nothing was restored",
  },
  archive_member_missing: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (thiếu {{member}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is missing): nothing was restored',
  },
  archive_table_rows_mismatch: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (bảng {{table}} phải có {{rows}} dòng): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete (table {{table}} should have {{rows}} rows): nothing was restored',
  },
  archive_sequence_invalid: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ (sequence {{sequence}} có giá trị {{value}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete (sequence {{sequence}} has the value {{value}}): nothing was restored',
  },
  archive_member_not_listed: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu bị hỏng hoặc không đầy đủ ({{member}} không có trong {{manifest}}): chưa khôi phục gì',
    en: 'The archive is damaged or incomplete ({{member}} is not in {{manifest}}): nothing was restored',
  },
  archive_not_loaded: {
    code: 'validation_failed',
    vi: 'Không nạp được tệp sao lưu ({{where}}): {{detail}}; chưa khôi phục gì',
    en: 'The archive could not be loaded ({{where}}): {{detail}}; nothing was restored',
  },
  restore_failed: {
    code: 'internal_error',
    vi: 'Khôi phục thất bại ({{where}}): {{detail}}; chưa khôi phục gì',
    en: 'Restore failed ({{where}}): {{detail}}; nothing was restored',
  },
  archive_not_loaded_at_start: {
    code: 'validation_failed',
    vi: 'Không nạp được tệp sao lưu: {{detail}}; chưa khôi phục gì',
    en: 'The archive could not be loaded: {{detail}}; nothing was restored',
  },
  restore_failed_at_start: {
    code: 'internal_error',
    vi: 'Khôi phục thất bại: {{detail}}; chưa khôi phục gì',
    en: 'Restore failed: {{detail}}; nothing was restored',
  },
  backup_file_not_found: { code: 'not_found', vi: 'Không tìm thấy tệp: {{file}}', en: 'File not found: {{file}}' },
  backup_folder_not_found: { code: 'not_found', vi: 'Không tìm thấy thư mục: {{folder}}', en: 'Folder not found: {{folder}}' },
  not_a_backup: { code: 'validation_failed', vi: '{{file}} không phải là tệp sao lưu của parindex', en: '{{file}} is not a parindex backup' },
  not_a_backup_first_member: {
    code: 'validation_failed',
    vi: '{{file}} không phải là tệp sao lưu của parindex (thành phần đầu tiên là {{member}})',
    en: '{{file}} is not a parindex backup (its first member is {{member}})',
  },
  not_a_backup_no_header: {
    code: 'validation_failed',
    vi: '{{file}} không phải là tệp sao lưu của parindex (thiếu {{header}})',
    en: '{{file}} is not a parindex backup (no {{header}})',
  },
  not_a_backup_or_damaged: {
    code: 'validation_failed',
    vi: '{{file}} không phải là tệp sao lưu của parindex hoặc đã bị hỏng ({{detail}})',
    en: '{{file}} is not a parindex backup or is damaged ({{detail}})',
  },
  backup_format_unsupported: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu có định dạng phiên bản {{found}}; phiên bản parindex này đọc định dạng {{supported}}',
    en: 'The archive has backup format {{found}}; this version of parindex reads format {{supported}}',
  },
  archive_from_newer_app: {
    code: 'validation_failed',
    vi: 'Tệp sao lưu được tạo bởi parindex mới hơn (migration {{migration}}, ứng dụng {{app}}); mã này chỉ biết đến {{known}}: hãy nâng cấp parindex trước',
    en: 'The archive was made by a newer parindex (migration {{migration}}, app {{app}}); this code knows up to {{known}}: upgrade parindex first',
  },
  database_newer_than_archive: {
    code: 'conflict',
    vi: 'Cơ sở dữ liệu đang ở migration {{current}}, mới hơn migration {{archive}} của tệp sao lưu: hãy khôi phục vào một cơ sở dữ liệu mới, trống',
    en: "The database is at migration {{current}}, newer than the archive's {{archive}}: restore into a new, empty database",
  },
  database_not_empty: {
    code: 'conflict',
    vi: 'Cơ sở dữ liệu chưa trống (có dữ liệu trong {{tables}}): chỉ khôi phục vào một cơ sở dữ liệu mới, trống',
    en: 'The database is not empty (rows in {{tables}}): restore only into a new, empty database',
  },
  archive_tables_mismatch: {
    code: 'validation_failed',
    vi: 'Các bảng trong tệp sao lưu không khớp với migration {{migration}} của mã này ({{tables}}): chưa khôi phục gì',
    en: "The archive's tables do not match migration {{migration}} of this code ({{tables}}): nothing was restored",
  },
  backup_output_exists: { code: 'conflict', vi: '{{file}} đã có (dùng --force để ghi đè)', en: '{{file}} already exists (use --force to replace it)' },
  backup_nothing_migrated: {
    code: 'validation_failed',
    vi: 'Cơ sở dữ liệu chưa chạy migration nào: không có gì để sao lưu',
    en: 'The database has no migrations applied: nothing to back up',
  },
  stored_file_damaged: {
    code: 'internal_error',
    vi: 'Tệp lưu trữ {{file}} bị hỏng (nội dung không còn khớp với tên): đã dừng sao lưu',
    en: 'The stored file {{file}} is damaged (its content no longer matches its name): backup stopped',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
