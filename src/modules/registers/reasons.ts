import { defineReasons, failWith } from '../../errors.js';

/** Why the registers module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  // An entry's own fields (src/domain/registers.ts checkRegisterData).
  register_field_required: { code: 'validation_failed', vi: 'cần nhập {{field}}', en: '{{field}} is required' },
  register_field_choice: {
    code: 'validation_failed',
    vi: 'giá trị "{{value}}" không hợp lệ, phải là một trong: {{options}}',
    en: '"{{value}}" is not one of {{options}}',
  },
  register_field_count: {
    code: 'validation_failed',
    vi: '"{{value}}" không phải là số nguyên từ 0 đến {{max}}',
    en: '"{{value}}" is not a whole number from 0 to {{max}}',
  },
  register_passed_over_participants: {
    code: 'validation_failed',
    vi: 'số đạt ({{passed}}) lớn hơn số người dự ({{participants}})',
    en: 'passed ({{passed}}) is more than participants ({{participants}})',
  },
  register_entry_not_found: { code: 'not_found', vi: 'Không tìm thấy mục sổ theo dõi {{entry}}', en: 'Register entry {{entry}} not found' },
  register_entry_exists: {
    code: 'conflict',
    vi: 'Sổ {{register}} của đơn vị năm {{year}} đã có mục mã {{code}}',
    en: 'The unit’s {{register}} register of {{year}} already has an entry {{code}}',
  },
  register_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{unit}}', en: 'Unit {{unit}} not found' },
  registers_forbidden: {
    code: 'forbidden',
    vi: 'Bạn chỉ được xem và sửa sổ theo dõi của đơn vị mình',
    en: 'You may see and edit only your own unit’s registers',
  },
  // The register file.
  register_file_unit_unknown: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  register_file_unit_not_yours: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} không phải đơn vị của bạn; bạn chỉ nhập được sổ theo dõi của đơn vị mình',
    en: 'unit {{unit}} is not yours; you may import only your own unit’s entries',
  },
  register_file_date_invalid: {
    code: 'validation_failed',
    vi: '{{value}} không phải là ngày (DD/MM/YYYY hoặc YYYY-MM-DD)',
    en: '{{value}} is not a date (DD/MM/YYYY or YYYY-MM-DD)',
  },
  register_file_code_repeated: {
    code: 'validation_failed',
    vi: 'mã {{code}} của đơn vị {{unit}} đã có ở dòng {{row}}',
    en: 'code {{code}} of unit {{unit}} is already on row {{row}}',
  },
});

export const fail = failWith(reasons);
