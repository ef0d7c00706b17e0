import type { Role } from '../../domain/vocabulary.js';
import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  sign_in_rate_limited: {
    code: 'rate_limited',
    vi: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau',
    en: 'Too many failed sign-in attempts; try again later',
  },
  wrong_username_or_password: { code: 'invalid_credentials', vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' },
  current_password_wrong: { code: 'validation_failed', vi: 'mật khẩu hiện tại không đúng', en: 'wrong password' },
  new_password_same: { code: 'validation_failed', vi: 'phải khác mật khẩu hiện tại', en: 'must differ from the current password' },
  // Refusals of the request itself (src/http/app.ts, before any route runs).
  sign_in_first: { code: 'unauthenticated', vi: 'Vui lòng đăng nhập', en: 'Sign in first' },
  csrf_token_wrong: {
    code: 'csrf_failed',
    vi: 'Thiếu hoặc sai mã chống giả mạo (x-csrf-token); hãy tải lại trang',
    en: 'Missing or wrong x-csrf-token header',
  },
  temporary_password_change_first: { code: 'password_change_required', vi: 'Cần đổi mật khẩu tạm thời trước', en: 'Change your temporary password first' },
  role_may_not: { code: 'forbidden', vi: 'Vai trò {{role}} không được thực hiện thao tác này', en: 'Role {{role}} may not do this' },
  machine_token_rate_limited: {
    code: 'rate_limited',
    vi: 'Mã truy cập này gọi quá nhiều lần: tối đa {{limit}} lần một phút. Thử lại sau {{seconds}} giây.',
    en: 'Too many calls with this token: at most {{limit}} a minute. Retry in {{seconds}} s.',
  },
  if_match_malformed: {
    code: 'bad_request',
    vi: 'Tiêu đề If-Match phải là phiên bản (ETag) mà lần đọc trước trả về, ví dụ "3"',
    en: 'If-Match must be the version (ETag) a read returned, such as "3"',
  },
  version_changed: {
    code: 'stale_version',
    vi: 'Dữ liệu đã được người khác thay đổi; hãy tải lại và thực hiện lại thay đổi của bạn',
    en: 'Someone else changed this meanwhile; reload it and apply your change again',
  },
});

export const fail = failWith(reasons);

/**
 * A role as a sentence names it, in each language: the `role` parameter of a reason (`role_may_not`,
 * `unit_required_for_role`, ...) carries the role's code, and the catalogue writes it with these names
 * (src/catalogue.ts, localizeParam), so a Vietnamese user reads "cán bộ đơn vị", never "unit_officer".
 */
export const ROLE_NAMES: Record<'vi' | 'en', Record<Role, string>> = {
  vi: {
    admin: 'quản trị',
    unit_officer: 'cán bộ đơn vị',
    unit_leader: 'lãnh đạo đơn vị',
    appraiser: 'thẩm định',
    council: 'hội đồng thẩm định',
    viewer: 'người xem',
  },
  en: {
    admin: 'administrator',
    unit_officer: 'unit officer',
    unit_leader: 'unit leader',
    appraiser: 'appraiser',
    council: 'appraisal council',
    viewer: 'viewer',
  },
};

/** The name of a role in a language; any other value as it is. */
export function roleName(value: string, language: 'vi' | 'en'): string {
  return Object.hasOwn(ROLE_NAMES[language], value) ? ROLE_NAMES[language][value as Role] : value;
}
export const invalid = invalidWith(reasons);
