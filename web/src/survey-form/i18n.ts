// The public survey form's own words, Vietnamese first, English second. A tiny lookup instead of i18next keeps the
// form's bundle small (it is opened on phones over slow networks); the reasons the server gives are shown from the
// surveys' own reason files, not the whole catalogue.
import { fillMessage, type MessageParams, type ReasonDefinition } from '../../../src/errors';
// Data only (no server code): the reasons of the surveys and of the public collection, in both languages.
// eslint-disable-next-line no-restricted-imports
import { reasons as surveyReasons } from '../../../src/modules/surveys/reasons';
// eslint-disable-next-line no-restricted-imports
import { reasons as collectionReasons } from '../../../src/modules/survey-collection/reasons';

export type Lang = 'vi' | 'en';
export const LANGS: Lang[] = ['vi', 'en'];

const vi = {
  title: 'Phiếu khảo sát',
  loading: 'Đang tải phiếu…',
  unitLabel: 'Đơn vị: {{unit}}',
  closesOn: 'Nhận phiếu đến hết ngày {{date}}',
  intro: 'Ý kiến của ông/bà được ghi lại ngay khi trả lời; có thể đóng trang và mở lại để tiếp tục.',
  required: 'bắt buộc',
  requiredNote: 'Câu có dấu * là câu bắt buộc.',
  progress: 'Đã trả lời {{answered}}/{{total}} câu',
  chooseMany: 'Có thể chọn nhiều phương án',
  numberPlaceholder: 'Nhập số',
  textPlaceholder: 'Nhập ý kiến của ông/bà',
  charsLeft: 'Còn {{count}} ký tự',
  submit: 'Gửi phiếu',
  submitting: 'Đang gửi phiếu…',
  saved: 'Đã lưu',
  saving: 'Đang lưu…',
  pending: '{{count}} câu trả lời chờ gửi — sẽ tự gửi khi có mạng',
  sendNow: 'Gửi lại ngay',
  submitQueued: 'Phiếu sẽ được gửi khi có mạng',
  offlineNote: 'Không có kết nối mạng. Câu trả lời vẫn được giữ trên máy này.',
  missing: 'Còn {{count}} câu bắt buộc chưa trả lời',
  goToQuestion: 'Đến câu chưa trả lời',
  thanksTitle: 'Phiếu đã được gửi. Cảm ơn ông/bà.',
  thanksBody: 'Ý kiến của ông/bà giúp cơ quan phục vụ tốt hơn.',
  kioskNext: 'Phiếu mới cho người tiếp theo',
  kioskReturning: 'Màn hình sẽ trở về đầu phiếu sau ít giây.',
  closedTitle: 'Đợt khảo sát đã kết thúc',
  closedBody: 'Đợt khảo sát này không còn nhận phiếu. Cảm ơn ông/bà đã quan tâm.',
  scheduledTitle: 'Đợt khảo sát chưa bắt đầu',
  scheduledBody: 'Đợt khảo sát này chưa nhận phiếu. Xin ông/bà quay lại sau.',
  notFoundTitle: 'Không tìm thấy phiếu khảo sát',
  notFoundBody: 'Đường dẫn không đúng hoặc đã hết hiệu lực. Xin kiểm tra lại mã QR hoặc đường dẫn.',
  loadFailedTitle: 'Chưa tải được phiếu',
  loadFailedBody: 'Không kết nối được tới máy chủ. Trang sẽ tự thử lại khi có mạng.',
  retry: 'Thử lại',
  rateLimited: 'Có quá nhiều phiếu được mở từ mạng này. Phiếu sẽ tự gửi sau {{seconds}} giây.',
  serverRefused: 'Máy chủ chưa nhận câu trả lời: {{message}}',
  ratedUnits: 'Đánh giá từng đơn vị',
  ratedUnitOf: 'Đơn vị {{index}}/{{count}}',
  previousUnit: '‹ Đơn vị trước',
  nextUnit: 'Đơn vị sau ›',
  aboutUnit: 'Về đơn vị',
  question: 'Câu hỏi',
  noAnswer: '— Chọn —',
  language: 'Ngôn ngữ',
  fullscreen: 'Toàn màn hình',
  section_access: 'Tiếp cận dịch vụ',
  section_procedure: 'Thủ tục hành chính',
  section_civil_servant: 'Công chức trực tiếp giải quyết công việc',
  section_result: 'Kết quả giải quyết thủ tục hành chính',
  section_feedback: 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
  section_profile: 'Thông tin về người trả lời',
  scale_1: 'Rất không hài lòng',
  scale_2: 'Không hài lòng',
  scale_3: 'Bình thường',
  scale_4: 'Hài lòng',
  scale_5: 'Rất hài lòng',
};

type Key = keyof typeof vi;

const en: Record<Key, string> = {
  title: 'Survey',
  loading: 'Loading the form…',
  unitLabel: 'Unit: {{unit}}',
  closesOn: 'Open until {{date}}',
  intro: 'Your answers are saved as you go; you may close the page and come back to continue.',
  required: 'required',
  requiredNote: 'Questions marked * must be answered.',
  progress: '{{answered}} of {{total}} questions answered',
  chooseMany: 'You may choose several',
  numberPlaceholder: 'Enter a number',
  textPlaceholder: 'Your opinion',
  charsLeft: '{{count}} characters left',
  submit: 'Send the form',
  submitting: 'Sending…',
  saved: 'Saved',
  saving: 'Saving…',
  pending: '{{count}} answers waiting to be sent — they will be sent when the connection returns',
  sendNow: 'Try now',
  submitQueued: 'The form will be sent when the connection returns',
  offlineNote: 'No connection. Your answers are kept on this device.',
  missing: '{{count}} required questions not answered yet',
  goToQuestion: 'Go to the unanswered question',
  thanksTitle: 'Your form has been sent. Thank you.',
  thanksBody: 'Your opinion helps us serve you better.',
  kioskNext: 'New form for the next person',
  kioskReturning: 'The screen returns to the start in a few seconds.',
  closedTitle: 'The survey has ended',
  closedBody: 'This survey no longer takes answers. Thank you for your interest.',
  scheduledTitle: 'The survey has not started',
  scheduledBody: 'This survey does not take answers yet. Please come back later.',
  notFoundTitle: 'Survey not found',
  notFoundBody: 'The link is wrong or no longer valid. Please check the QR code or the link.',
  loadFailedTitle: 'The form could not be loaded',
  loadFailedBody: 'The server cannot be reached. The page tries again when the connection returns.',
  retry: 'Try again',
  rateLimited: 'Too many forms were opened from this network. Your answers will be sent in {{seconds}} s.',
  serverRefused: 'The server did not accept the answers: {{message}}',
  ratedUnits: 'Rate each unit',
  ratedUnitOf: 'Unit {{index}} of {{count}}',
  previousUnit: '‹ Previous unit',
  nextUnit: 'Next unit ›',
  aboutUnit: 'About',
  question: 'Question',
  noAnswer: '— Choose —',
  language: 'Language',
  fullscreen: 'Full screen',
  section_access: 'Access to the service',
  section_procedure: 'The administrative procedure',
  section_civil_servant: 'The civil servant handling the case',
  section_result: 'The result',
  section_feedback: 'Handling of comments and complaints',
  section_profile: 'About you',
  scale_1: 'Very dissatisfied',
  scale_2: 'Dissatisfied',
  scale_3: 'Neutral',
  scale_4: 'Satisfied',
  scale_5: 'Very satisfied',
};

/** English words for a count of one (Vietnamese does not change). */
const EN_ONE: Partial<Record<Key, string>> = {
  pending: '1 answer waiting to be sent — it will be sent when the connection returns',
  missing: '1 required question not answered yet',
  charsLeft: '1 character left',
};

const MESSAGES: Record<Lang, Record<Key, string>> = { vi, en };

export type Translate = (key: Key, params?: MessageParams) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => fillMessage((lang === 'en' && params?.count === 1 && EN_ONE[key]) || MESSAGES[lang][key], params);
}

/** A section's title: the SIPAS elements and the profile have names; another section is shown as written. */
export function sectionTitle(t: Translate, section: string): string {
  const key = `section_${section}` as Key;
  return key in vi ? t(key) : section;
}

const REASONS: Record<string, ReasonDefinition> = { ...surveyReasons, ...collectionReasons };

/** A reason the server gave, in the language, filled with its parameters; null for a reason this form does not know. */
export function reasonText(lang: Lang, reason: string | undefined, params?: MessageParams | null): string | null {
  const definition = reason ? REASONS[reason] : undefined;
  return definition ? fillMessage(definition[lang], params) : null;
}

/** The saved language (the form remembers a switch), else Vietnamese. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem('parindex.survey.lang');
    return saved === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem('parindex.survey.lang', lang);
  } catch {
    // private mode: the switch lasts for the page
  }
}

/** 2026-12-31 → 31/12/2026 (Vietnamese and English forms both read day first here). */
export const localDate = (iso: string) => iso.split('-').reverse().join('/');
