import { defineReasons, failWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  home_account_without_unit: {
    code: 'forbidden',
    vi: 'Tài khoản của bạn chưa gắn với đơn vị nào: chưa có trang đơn vị',
    en: 'Your account is not bound to a unit: there is no unit home',
  },
});

export const fail = failWith(reasons);
