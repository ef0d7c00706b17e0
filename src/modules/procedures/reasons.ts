import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  procedure_code_invalid: { code: 'validation_failed', vi: 'mã thủ tục {{value}} không hợp lệ ({{hint}})', en: 'invalid code {{value}} ({{hint}})' },
  procedure_name_empty: { code: 'validation_failed', vi: 'tên thủ tục đang để trống', en: 'name is empty' },
  procedure_name_too_long: { code: 'validation_failed', vi: 'tên thủ tục dài quá {{maximum}} ký tự', en: 'name is longer than {{maximum}} characters' },
  procedure_field_empty: { code: 'validation_failed', vi: 'lĩnh vực đang để trống', en: 'field is empty' },
  procedure_field_too_long: { code: 'validation_failed', vi: 'lĩnh vực dài quá {{maximum}} ký tự', en: 'field is longer than {{maximum}} characters' },
  procedure_unit_empty: { code: 'validation_failed', vi: 'mã đơn vị (unit_code) đang để trống', en: 'unit_code is empty' },
  procedure_unit_unknown: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  procedure_unit_merged: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} đã sáp nhập; thủ tục phải thuộc đơn vị đang hoạt động',
    en: 'unit {{unit}} is merged; procedures belong to active units',
  },
  procedure_unit_split: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} đã chia tách; thủ tục phải thuộc đơn vị đang hoạt động',
    en: 'unit {{unit}} is split; procedures belong to active units',
  },
  procedure_unit_dissolved: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} đã giải thể; thủ tục phải thuộc đơn vị đang hoạt động',
    en: 'unit {{unit}} is dissolved; procedures belong to active units',
  },
  internal_limit_over_legal: {
    code: 'validation_failed',
    vi: 'thời hạn nội bộ {{internal}} ngày dài hơn thời hạn theo quy định {{legal}} ngày',
    en: 'internal limit {{internal}} days is longer than the legal limit {{legal}} days',
  },
  procedure_exists: { code: 'conflict', vi: 'Thủ tục {{code}} đã có', en: 'Procedure {{code}} already exists' },
  procedure_exists_field: { code: 'conflict', vi: 'đã có', en: 'already exists' },
  procedure_not_found: { code: 'not_found', vi: 'Không tìm thấy thủ tục {{code}}', en: 'Procedure {{code}} not found' },
  procedure_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{unit}}', en: 'Unit {{unit}} not found' },
  procedure_in_use: {
    code: 'conflict',
    vi: 'Không thể xóa thủ tục {{code}} vì đã có hồ sơ thuộc thủ tục này. Hãy ngừng công khai thủ tục (published = false).',
    en: 'Procedure {{code}} cannot be deleted: dossiers refer to it. Unpublish it instead (published = false).',
  },
  procedure_in_use_field: { code: 'conflict', vi: 'đã có hồ sơ thuộc thủ tục này', en: 'referenced by dossiers' },
  // Cells of a procedures file.
  procedure_cell_empty: { code: 'import_rejected', vi: '{{column}} đang để trống', en: '{{column}} is empty' },
  days_not_whole: {
    code: 'import_rejected',
    vi: '{{column}} {{value}} không phải là số nguyên ngày làm việc',
    en: '{{column}} {{value}} is not a whole number of working days',
  },
  days_negative: { code: 'import_rejected', vi: '{{column}} {{value}} là số âm', en: '{{column}} {{value}} is negative' },
  days_too_many: {
    code: 'import_rejected',
    vi: '{{column}} {{value}} vượt quá {{maximum}} ngày làm việc',
    en: '{{column}} {{value}} is more than {{maximum}} working days',
  },
  online_level_unknown: {
    code: 'import_rejected',
    vi: 'online_level {{value}} không phải là full / partial / none (toàn trình / một phần / không; mức 4 / mức 3)',
    en: 'online_level {{value}} is not full / partial / none (toàn trình / một phần / không; mức 4 / mức 3)',
  },
  fee_not_whole: {
    code: 'import_rejected',
    vi: 'lệ phí {{value}} không phải là số đồng nguyên (ví dụ 50000 hoặc 50.000; để trống nếu không quy định)',
    en: 'fee {{value}} is not a whole number of VND (e.g. 50000 or 50.000; empty when not stated)',
  },
  fee_too_large: { code: 'import_rejected', vi: 'lệ phí {{value}} quá lớn (tối đa {{maximum}})', en: 'fee {{value}} is too large (at most {{maximum}})' },
  published_not_yes_no: {
    code: 'import_rejected',
    vi: 'published {{value}} không phải là true/false, 1/0 hoặc có/không',
    en: 'published {{value}} is not true/false, 1/0 or có/không',
  },
  procedure_code_repeated: { code: 'import_rejected', vi: 'mã {{code}} bị trùng (đã có ở dòng {{row}})', en: 'duplicate code {{code}} (first on row {{row}})' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
