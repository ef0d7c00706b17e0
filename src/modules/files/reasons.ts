import { defineReasons, failWith, invalidWith } from '../../errors.js';

const SEND_EN = 'send PDF, DOCX, XLSX, PNG, JPEG, WebP or GIF';
const SEND_VI = 'hãy gửi tệp PDF, DOCX, XLSX, PNG, JPEG, WebP hoặc GIF';

/**
 * Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). A refused evidence
 * file carries `{ detected }`: what the content was found to be (empty, executable, ole, zip, markup, macro, unknown).
 */
export const reasons = defineReasons({
  // An evidence file whose content is not an allowed type (detect.ts).
  evidence_empty: { code: 'unsupported_media_type', vi: 'Tệp rỗng', en: 'The file is empty' },
  evidence_type_refused: {
    code: 'unsupported_media_type',
    vi: `Loại tệp này không được chấp nhận; ${SEND_VI}`,
    en: `This type of file is not accepted; ${SEND_EN}`,
  },
  evidence_program_refused: { code: 'unsupported_media_type', vi: `Không chấp nhận tệp chương trình; ${SEND_VI}`, en: `Programs are not accepted; ${SEND_EN}` },
  evidence_old_office_refused: {
    code: 'unsupported_media_type',
    vi: 'Không chấp nhận tệp Office định dạng cũ (DOC, XLS) và tệp Office có mật khẩu; hãy lưu tài liệu dưới dạng DOCX hoặc XLSX, không đặt mật khẩu',
    en: 'Old Office files (DOC, XLS) and password-protected Office files are not accepted; save the document as DOCX or XLSX without a password',
  },
  evidence_empty_zip_refused: {
    code: 'unsupported_media_type',
    vi: `Không chấp nhận tệp nén ZIP rỗng; ${SEND_VI}`,
    en: `An empty ZIP archive is not accepted; ${SEND_EN}`,
  },
  evidence_markup_refused: {
    code: 'unsupported_media_type',
    vi: `Không chấp nhận tệp HTML, XML và SVG (có thể chứa mã độc); ${SEND_VI}`,
    en: `HTML, XML and SVG files are not accepted (they can carry scripts); ${SEND_EN}`,
  },
  evidence_macro_refused: {
    code: 'unsupported_media_type',
    vi: 'Không chấp nhận tệp Office có macro (DOCM, XLSM); hãy lưu tài liệu dưới dạng DOCX hoặc XLSX',
    en: 'Office files with macros (DOCM, XLSM) are not accepted; save the document as DOCX or XLSX',
  },
  evidence_zip_not_office: {
    code: 'unsupported_media_type',
    vi: `Tệp nén ZIP chỉ được chấp nhận khi là tài liệu Word (DOCX) hoặc Excel (XLSX); ${SEND_VI}`,
    en: `A ZIP archive is accepted only as a Word (DOCX) or Excel (XLSX) document; ${SEND_EN}`,
  },
  evidence_zip_no_end_record: {
    code: 'unsupported_media_type',
    vi: 'Tệp có phần đầu của tệp nén ZIP nhưng thiếu bản ghi kết thúc hợp lệ (tệp hỏng hoặc bị cắt)',
    en: 'The file starts like a ZIP archive but has no valid end record (damaged or cut short)',
  },
  evidence_zip_multipart: { code: 'unsupported_media_type', vi: 'Không chấp nhận tệp nén ZIP chia nhiều phần', en: 'Multi-part ZIP archives are not accepted' },
  evidence_zip64_missing: { code: 'unsupported_media_type', vi: 'Thiếu bản ghi kết thúc ZIP64', en: 'The ZIP64 end record is missing' },
  evidence_zip64_damaged: { code: 'unsupported_media_type', vi: 'Bản ghi kết thúc ZIP64 bị hỏng', en: 'The ZIP64 end record is damaged' },
  evidence_zip_too_many_entries: { code: 'unsupported_media_type', vi: 'Tệp nén ZIP có quá nhiều mục', en: 'The ZIP archive has too many entries' },
  evidence_zip_directory_outside: {
    code: 'unsupported_media_type',
    vi: 'Danh mục trung tâm của tệp ZIP nằm ngoài tệp (tệp nén bị hỏng)',
    en: 'The ZIP central directory lies outside the file (damaged archive)',
  },
  evidence_zip_directory_too_large: {
    code: 'unsupported_media_type',
    vi: 'Danh mục trung tâm của tệp ZIP quá lớn để kiểm tra',
    en: 'The ZIP central directory is too large to inspect',
  },
  evidence_zip_directory_damaged: { code: 'unsupported_media_type', vi: 'Danh mục trung tâm của tệp ZIP bị hỏng', en: 'The ZIP central directory is damaged' },

  // Stored files and evidence (storage.ts, service.ts).
  file_too_large: { code: 'payload_too_large', vi: 'Tệp lớn hơn giới hạn {{size}}', en: 'The file is larger than the limit of {{size}}' },
  file_key_invalid: {
    code: 'validation_failed',
    vi: 'Khóa tệp phải gồm 64 ký tự thập lục phân viết thường (sha256)',
    en: 'A file key is 64 lower-case hexadecimal characters (sha256)',
  },
  file_key_not_valid: { code: 'validation_failed', vi: 'không hợp lệ', en: 'invalid' },
  stored_file_not_found: { code: 'not_found', vi: 'Không tìm thấy tệp {{sha256}}', en: 'File {{sha256}} not found' },
  evidence_not_found: { code: 'not_found', vi: 'Không tìm thấy minh chứng {{id}}', en: 'Evidence {{id}} not found' },
  evidence_already_attached: {
    code: 'conflict',
    vi: 'Tệp này đã được đính kèm vào tiêu chí với tên "{{fileName}}"',
    en: 'This file is already attached to the criterion as "{{fileName}}"',
  },
  evidence_id_not_positive: { code: 'validation_failed', vi: 'phải là số nguyên dương', en: 'must be a positive whole number' },
  evidence_sha256_invalid: {
    code: 'validation_failed',
    vi: 'phải là mã sha256 của một tệp đã lưu (64 ký tự thập lục phân)',
    en: 'must be the sha256 of a stored file (64 hexadecimal characters)',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
