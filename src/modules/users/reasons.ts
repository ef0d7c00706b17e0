import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  username_characters: { code: 'validation_failed', vi: 'chỉ gồm chữ cái không dấu, chữ số và . _ -', en: 'letters, digits, . _ - only' },
  email_invalid: {
    code: 'validation_failed',
    vi: 'không phải địa chỉ thư điện tử hợp lệ (ví dụ ten@example.gov.vn)',
    en: 'is not an e-mail address (e.g. name@example.gov.vn)',
  },
  username_taken: { code: 'conflict', vi: 'Tên đăng nhập {{username}} đã có người dùng', en: 'Username {{username}} is already taken' },
  unit_required_for_role: { code: 'validation_failed', vi: 'bắt buộc với vai trò {{role}}', en: 'required for role {{role}}' },
  unit_not_allowed_for_role: { code: 'validation_failed', vi: 'phải để trống với vai trò {{role}}', en: 'must be empty for role {{role}}' },
  user_unit_unknown: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  user_not_found: { code: 'not_found', vi: 'Không tìm thấy tài khoản', en: 'User not found' },
  own_account_protected: {
    code: 'conflict',
    vi: 'Bạn không thể tự đổi vai trò hoặc khóa tài khoản của chính mình',
    en: 'You cannot change your own role or disable your own account',
  },
  users_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{unit}}', en: 'Unit {{unit}} not found' },
  unit_accounts_own_unit_only: { code: 'forbidden', vi: 'Bạn chỉ được xem tài khoản của đơn vị mình', en: 'You may only see the accounts of your own unit' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
