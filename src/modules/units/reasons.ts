import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{code}}', en: 'Unit {{code}} not found' },
  unit_membership_not_found: {
    code: 'not_found',
    vi: 'Đơn vị {{code}} không thuộc khối nào trong năm {{year}}',
    en: 'Membership of {{code}} in {{year}} not found',
  },
  unit_exists: { code: 'conflict', vi: 'Đơn vị {{code}} đã có', en: 'Unit {{code}} already exists' },
  unit_exists_field: { code: 'conflict', vi: 'mã đơn vị đã có', en: 'already exists' },
  unit_code_invalid: {
    code: 'validation_failed',
    vi: 'chỉ gồm chữ cái, chữ số và _ . -; tối đa 32 ký tự',
    en: 'letters, digits, _ . - only; at most 32 characters',
  },
  unit_block_unknown: { code: 'validation_failed', vi: 'không có khối {{block}}', en: 'unknown block {{block}}' },
  unit_unknown: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  unit_parent_cycle: {
    code: 'validation_failed',
    vi: 'không thể đặt một đơn vị trực thuộc chính nó hoặc đơn vị cấp dưới của nó',
    en: 'a unit cannot be placed under itself or its own descendant',
  },
  unit_too_new_to_end: {
    code: 'validation_failed',
    vi: 'đơn vị {{code}} có từ năm {{from}}; chỉ có thể sáp nhập hoặc chia tách từ năm {{next}} trở đi',
    en: 'unit {{code}} exists from {{from}}; it can be merged or split from {{next}} on',
  },
  // Merge and split.
  merge_needs_two_units: { code: 'validation_failed', vi: 'cần ít nhất hai đơn vị khác nhau để sáp nhập', en: 'at least two different units are merged' },
  unit_merged_not_active: { code: 'validation_failed', vi: 'đơn vị {{code}} đã sáp nhập, không còn hoạt động', en: 'unit {{code}} is merged, not active' },
  unit_split_not_active: { code: 'validation_failed', vi: 'đơn vị {{code}} đã chia tách, không còn hoạt động', en: 'unit {{code}} is split, not active' },
  unit_dissolved_not_active: {
    code: 'validation_failed',
    vi: 'đơn vị {{code}} đã giải thể, không còn hoạt động',
    en: 'unit {{code}} is dissolved, not active',
  },
  merge_target_merged: { code: 'validation_failed', vi: 'đơn vị {{code}} đã sáp nhập', en: 'unit {{code}} is merged' },
  merge_target_split: { code: 'validation_failed', vi: 'đơn vị {{code}} đã chia tách', en: 'unit {{code}} is split' },
  merge_target_dissolved: { code: 'validation_failed', vi: 'đơn vị {{code}} đã giải thể', en: 'unit {{code}} is dissolved' },
  merge_target_is_source: {
    code: 'validation_failed',
    vi: 'đơn vị sau sáp nhập phải có mã mới hoặc là một đơn vị khác đang hoạt động, không phải một trong các đơn vị được sáp nhập',
    en: 'the merged unit must be a new code or another active unit, not one of the sources',
  },
  split_needs_two_units: { code: 'validation_failed', vi: 'chia tách phải tạo ra ít nhất hai đơn vị', en: 'a split makes at least two units' },
  split_codes_repeated: { code: 'validation_failed', vi: 'các đơn vị mới phải có mã khác nhau', en: 'the new units need different codes' },
  // Rows of a units file.
  unit_code_repeated: { code: 'import_rejected', vi: 'mã {{code}} bị trùng (đã có ở dòng {{row}})', en: 'duplicate code {{code}} (first on row {{row}})' },
  unit_own_parent: { code: 'import_rejected', vi: 'đơn vị không thể là đơn vị cấp trên của chính nó', en: 'a unit cannot be its own parent' },
  unit_parent_unknown: { code: 'import_rejected', vi: 'không có đơn vị cấp trên {{unit}}', en: 'unknown parent unit {{unit}}' },
  unit_merged_not_reimported: {
    code: 'import_rejected',
    vi: 'đơn vị {{code}} đã sáp nhập; không thể nhập lại',
    en: 'unit {{code}} is merged; it cannot be re-imported',
  },
  unit_split_not_reimported: {
    code: 'import_rejected',
    vi: 'đơn vị {{code}} đã chia tách; không thể nhập lại',
    en: 'unit {{code}} is split; it cannot be re-imported',
  },
  unit_dissolved_not_reimported: {
    code: 'import_rejected',
    vi: 'đơn vị {{code}} đã giải thể; không thể nhập lại',
    en: 'unit {{code}} is dissolved; it cannot be re-imported',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
