import { defineReasons, type MessageParams, type ReasonedText, reasonText } from './errors.js';

/**
 * Reasons shared by every module: the titles of the top-level error codes, the schema checks (every zod issue maps
 * to one of these, so a field error reads the same from the API, an import row and the CLI), and request-level
 * refusals. Modules keep their own reasons beside their schemas (`src/modules/<feature>/reasons.ts`).
 */
export const commonReasons = defineReasons({
  // Titles of the top-level codes (the web shows them above the details).
  validation_failed: { code: 'validation_failed', vi: 'Dữ liệu chưa hợp lệ', en: 'Some values are not valid' },
  import_rejected: { code: 'import_rejected', vi: 'Tệp nhập bị từ chối', en: 'The import file was rejected' },
  bad_request: { code: 'bad_request', vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  unauthenticated: { code: 'unauthenticated', vi: 'Phiên đăng nhập đã hết hạn, hãy đăng nhập lại', en: 'Sign in first' },
  invalid_credentials: { code: 'invalid_credentials', vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' },
  password_change_required: { code: 'password_change_required', vi: 'Cần đổi mật khẩu tạm thời trước', en: 'Change your temporary password first' },
  csrf_failed: { code: 'csrf_failed', vi: 'Phiên làm việc không hợp lệ, hãy tải lại trang', en: 'Your session token is invalid; reload the page' },
  forbidden: { code: 'forbidden', vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You may not do this' },
  not_found: { code: 'not_found', vi: 'Không tìm thấy', en: 'Not found' },
  method_not_allowed: { code: 'method_not_allowed', vi: 'Thao tác không được hỗ trợ', en: 'Operation not supported' },
  conflict: { code: 'conflict', vi: 'Xung đột với dữ liệu hiện có', en: 'Conflict with existing data' },
  stale_version: {
    code: 'stale_version',
    vi: 'Dữ liệu đã được người khác thay đổi; hãy tải lại để xem bản mới nhất',
    en: 'Someone else changed this meanwhile; reload it and apply your change again',
  },
  deadline_passed: { code: 'deadline_passed', vi: 'Đã hết hạn', en: 'The deadline has passed' },
  payload_too_large: { code: 'payload_too_large', vi: 'Tệp hoặc dữ liệu quá lớn', en: 'File or data too large' },
  unsupported_media_type: { code: 'unsupported_media_type', vi: 'Định dạng dữ liệu gửi lên không được hỗ trợ', en: 'Unsupported media type' },
  rate_limited: { code: 'rate_limited', vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau', en: 'Too many requests; try again later' },
  internal_error: { code: 'internal_error', vi: 'Lỗi máy chủ', en: 'Server error' },
  data_folder_locked: {
    code: 'conflict',
    vi: 'Thư mục dữ liệu {{folder}} đang được một tiến trình parindex khác sử dụng (pid {{pid}}). PGlite chỉ mở được trong một tiến trình: hãy dừng máy chủ trước, hoặc dùng giao diện web / API của máy chủ đang chạy.',
    en: 'The data folder {{folder}} is in use by another parindex process (pid {{pid}}). PGlite can be opened by one process at a time: stop the server first, or use the web UI / API of the running server.',
  },
  database_unavailable: {
    code: 'database_unavailable',
    vi: 'Cơ sở dữ liệu tạm thời không truy cập được, vui lòng thử lại sau ít giây',
    en: 'The database is not reachable right now; try again in a few seconds',
  },

  // Schema checks (zod issues).
  required: { code: 'validation_failed', vi: 'bắt buộc nhập', en: 'is required' },
  too_short: { code: 'validation_failed', vi: 'phải có ít nhất {{minimum}} ký tự', en: 'must have at least {{minimum}} characters' },
  too_long: { code: 'validation_failed', vi: 'dài quá {{maximum}} ký tự', en: 'must have at most {{maximum}} characters' },
  number_too_small: { code: 'validation_failed', vi: 'phải từ {{minimum}} trở lên', en: 'must be at least {{minimum}}' },
  number_too_big: { code: 'validation_failed', vi: 'không được vượt quá {{maximum}}', en: 'must be at most {{maximum}}' },
  too_few_items: { code: 'validation_failed', vi: 'cần ít nhất {{minimum}} mục', en: 'needs at least {{minimum}} items' },
  too_many_items: { code: 'validation_failed', vi: 'nhiều nhất {{maximum}} mục', en: 'takes at most {{maximum}} items' },
  wrong_type: { code: 'validation_failed', vi: 'sai kiểu dữ liệu (cần {{expected}})', en: 'has the wrong type (expected {{expected}})' },
  wrong_format: { code: 'validation_failed', vi: 'sai định dạng', en: 'has the wrong format' },
  wrong_format_of: { code: 'validation_failed', vi: 'sai định dạng (cần {{format}})', en: 'has the wrong format (expected {{format}})' },
  not_a_date: { code: 'validation_failed', vi: 'phải là ngày dạng YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  not_one_of: { code: 'validation_failed', vi: 'phải là một trong: {{values}}', en: 'must be one of: {{values}}' },
  unknown_fields: { code: 'validation_failed', vi: 'có trường không được hỗ trợ: {{keys}}', en: 'has unknown fields: {{keys}}' },
  not_multiple_of: { code: 'validation_failed', vi: 'phải là bội số của {{divisor}}', en: 'must be a multiple of {{divisor}}' },
  invalid: { code: 'validation_failed', vi: 'không hợp lệ', en: 'is not valid' },
  contains_nul: { code: 'validation_failed', vi: 'không được chứa ký tự NUL (\\u0000)', en: 'must not contain NUL characters (\\u0000)' },
});

export type CommonReason = keyof typeof commonReasons;

/** The parts of a zod issue the mapping reads (a ZodError issue, or fastify-type-provider-zod's `params`). */
export interface IssueLike {
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  format?: string;
  pattern?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  divisor?: number;
  input?: unknown;
  message?: string;
  params?: Record<string, unknown>;
}

/** The source of the schemas' local date pattern (`/^\d{4}-\d{2}-\d{2}$/`), as a zod issue reports it. */
const LOCAL_DATE_PATTERN = String(/^\d{4}-\d{2}-\d{2}$/);

const listed = (items: readonly unknown[], max = 10) =>
  items
    .slice(0, max)
    .map((v) => String(v).slice(0, 40))
    .join(', ') + (items.length > max ? ', …' : '');

const isStringOrigin = (origin?: string) => origin === 'string' || origin === undefined;
const isNumberOrigin = (origin?: string) => origin === 'number' || origin === 'int' || origin === 'bigint';

/**
 * One zod issue as a reason with parameters. A custom check (`.refine`) names its reason in `params.reason`
 * (any reason of the catalogue) and may add parameters beside it.
 */
export function issueReason(issue: IssueLike): { code: string; params?: MessageParams; message: string } {
  const text = (reason: CommonReason, params?: MessageParams) => reasonText(commonReasons, reason, params);
  switch (issue.code) {
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (isNumberOrigin(issue.origin)) return text('number_too_small', { minimum });
      if (issue.origin === 'array' || issue.origin === 'set') return text('too_few_items', { minimum });
      if (isStringOrigin(issue.origin)) return minimum <= 1 ? text('required') : text('too_short', { minimum });
      return text('invalid');
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (isNumberOrigin(issue.origin)) return text('number_too_big', { maximum });
      if (issue.origin === 'array' || issue.origin === 'set') return text('too_many_items', { maximum });
      if (isStringOrigin(issue.origin)) return text('too_long', { maximum });
      return text('invalid');
    }
    case 'invalid_type':
      // zod 4 writes "received undefined" for a missing field.
      if (issue.input === undefined && /received undefined/.test(issue.message ?? '')) return text('required');
      return text('wrong_type', { expected: issue.expected ?? '?' });
    case 'invalid_format':
      if (issue.format === 'date' || (issue.format === 'regex' && issue.pattern === LOCAL_DATE_PATTERN)) return text('not_a_date');
      return issue.format && issue.format !== 'regex' ? text('wrong_format_of', { format: issue.format }) : text('wrong_format');
    case 'invalid_value':
      return text('not_one_of', { values: listed(issue.values ?? []) });
    case 'unrecognized_keys':
      return text('unknown_fields', { keys: listed(issue.keys ?? []) });
    case 'not_multiple_of':
      return text('not_multiple_of', { divisor: issue.divisor ?? 0 });
    case 'custom': {
      const { reason, ...params } = (issue.params ?? {}) as { reason?: unknown } & Record<string, unknown>;
      if (typeof reason === 'string') {
        const safe = Object.fromEntries(Object.entries(params).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as MessageParams;
        // The English text comes from the catalogue through the caller (it knows every module's reasons).
        return { code: reason, ...(Object.keys(safe).length ? { params: safe } : {}), message: issue.message ?? reason };
      }
      return text('invalid');
    }
    default:
      return text('invalid');
  }
}

/** A custom zod check's reason: `.refine(isLocalDate, refineReason('not_a_date'))`. */
export const refineReason = (reason: string, params: MessageParams = {}) => ({ params: { reason, ...params } });

export type { ReasonedText };
