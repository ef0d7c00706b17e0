import { defineReasons, failWith } from '../../errors.js';

/** Why the reminders module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  reminders_smtp_not_configured: {
    code: 'bad_request',
    vi: 'Chưa cấu hình máy chủ thư (SMTP_URL) nên không gửi được thư nhắc việc',
    en: 'No mail server is configured (SMTP_URL), so no reminder digest can be sent',
  },
});

export const fail = failWith(reasons);
