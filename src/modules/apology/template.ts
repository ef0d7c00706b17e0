/**
 * The apology letter template (phiếu xin lỗi và hẹn lại ngày trả kết quả) and its rendering. Pure: no I/O.
 *
 * The default follows the form used by one-stop shops (Thông tư 01/2018/TT-VPCP, mẫu phiếu xin lỗi và hẹn lại ngày trả
 * kết quả): the unit's letterhead beside the national motto, place and date, the title, "Kính gửi", the dossier, its
 * procedure, the day it was received and its due date, the reason for the delay, the apology, the new appointment date,
 * and the signature block. The organizer edits every text; values come in through {{placeholders}}.
 */
import { dayNumber } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { shortText, vietnameseDocumentDate } from '../../domain/text.js';
import { type ReasonedText, reasonText } from '../../errors.js';
import { reasons } from './reasons.js';
import type { ApologyTemplate, RenderedLetter } from './schemas.js';

export const TEMPLATE_SETTING_KEY = 'apology_letter_template';

/** Every placeholder a template may use, with what it stands for (shown in the editor). */
export const PLACEHOLDERS = {
  unit: 'tên đơn vị giải quyết hồ sơ',
  unitCode: 'mã đơn vị',
  dossierCode: 'mã hồ sơ (mã tra cứu của người dân)',
  applicant: 'cách gọi người nộp hồ sơ (ô "Cách gọi người nộp hồ sơ", mặc định "Ông/Bà")',
  procedure: 'tên thủ tục hành chính',
  procedureCode: 'mã thủ tục hành chính',
  field: 'lĩnh vực',
  receivedDate: 'ngày tiếp nhận (dd/mm/yyyy)',
  dueDate: 'ngày hẹn trả theo quy định (dd/mm/yyyy)',
  reason: 'lý do chậm trả kết quả',
  newAppointmentDate: 'ngày hẹn trả kết quả mới (dd/mm/yyyy)',
  place: 'địa danh (ô "Địa danh")',
  issuedDate: 'ngày phát hành phiếu ("ngày 05 tháng 3 năm 2026")',
} as const;
export type PlaceholderName = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as PlaceholderName[];

export const DEFAULT_TEMPLATE: ApologyTemplate = {
  letterhead: ['{{unit}}'],
  place: '……………',
  applicant: 'Ông/Bà',
  dateLine: '{{place}}, {{issuedDate}}',
  title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  salutation: 'Kính gửi: {{applicant}} …………………………………………',
  paragraphs: [
    'Ngày {{receivedDate}}, {{unit}} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính “{{procedure}}” của {{applicant}}; mã hồ sơ: {{dossierCode}}.',
    'Theo quy định, thời hạn trả kết quả giải quyết hồ sơ là ngày {{dueDate}}.',
    'Tuy nhiên, {{unit}} chưa trả được kết quả giải quyết hồ sơ đúng hạn. Lý do: {{reason}}',
    'Sự chậm trễ này đã gây phiền hà cho {{applicant}}. {{unit}} trân trọng xin lỗi {{applicant}} và hẹn trả kết quả giải quyết hồ sơ vào ngày {{newAppointmentDate}}.',
    'Mong nhận được sự thông cảm của {{applicant}}./.',
  ],
  signatureTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
  signatureNote: '(Ký, ghi rõ họ tên và đóng dấu)',
  signerName: '',
  recipients: ['Nơi nhận:', '- Như trên;', '- Lưu: VT.'],
};

export interface TemplateIssue extends ReasonedText {
  /** The field of the template: `title`, `paragraphs.2`, `letterhead.0`. */
  path: string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const isPlaceholderName = (name: string): name is PlaceholderName => Object.hasOwn(PLACEHOLDERS, name);

/** The texts of a template with their paths, in reading order. */
function textsOf(template: ApologyTemplate): { path: string; text: string; placeholders: boolean }[] {
  return [
    ...template.letterhead.map((text, i) => ({ path: `letterhead.${i}`, text, placeholders: true })),
    { path: 'place', text: template.place, placeholders: false },
    { path: 'applicant', text: template.applicant, placeholders: false },
    { path: 'dateLine', text: template.dateLine, placeholders: true },
    { path: 'title', text: template.title, placeholders: true },
    { path: 'salutation', text: template.salutation, placeholders: true },
    ...template.paragraphs.map((text, i) => ({ path: `paragraphs.${i}`, text, placeholders: true })),
    { path: 'signatureTitle', text: template.signatureTitle, placeholders: true },
    { path: 'signatureNote', text: template.signatureNote, placeholders: true },
    { path: 'signerName', text: template.signerName, placeholders: true },
    ...template.recipients.map((text, i) => ({ path: `recipients.${i}`, text, placeholders: true })),
  ];
}

/**
 * Unknown or malformed placeholders, each named with the field it is in. `place` and `applicant` are values
 * themselves and take none. An empty list means the template can be saved.
 */
export function templateIssues(template: ApologyTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const { path, text, placeholders } of textsOf(template)) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!.trim();
      // The placeholder travels as a parameter: `{{name}}` in a message would be read as one of its own.
      const placeholder = shortText(`{{${name}}}`);
      if (!placeholders) issues.push({ path, ...reasonText(reasons, 'template_placeholder_not_allowed', { field: path, placeholder }) });
      else if (!isPlaceholderName(name)) {
        issues.push({
          path,
          ...reasonText(reasons, 'template_placeholder_unknown', { placeholder, known: PLACEHOLDER_NAMES.map((n) => `{{${n}}}`).join(', ') }),
        });
      }
    }
    const rest = text.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) issues.push({ path, ...reasonText(reasons, 'template_placeholder_unclosed', { example: '{{name}}' }) });
  }
  if (template.paragraphs.every((p) => p.trim() === '')) issues.push({ path: 'paragraphs', ...reasonText(reasons, 'template_needs_paragraph') });
  return issues;
}

/** The facts of one letter: the dossier, its letter, and where and when it is issued. */
export interface LetterData {
  unitCode: string;
  unitName: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  field: string;
  receivedDate: LocalDate;
  dueDate: LocalDate;
  reason: string;
  newAppointmentDate: LocalDate;
  issuedOn: LocalDate;
}

/** "2026-03-05" → "05/03/2026". */
export function formatDayMonthYear(date: LocalDate): string {
  dayNumber(date); // refuses an impossible date
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** "2026-03-05" → "ngày 05 tháng 3 năm 2026" (src/domain/text.ts), refusing an impossible date. */
export function formatLongDate(date: LocalDate): string {
  dayNumber(date);
  return vietnameseDocumentDate(date);
}

export function placeholderValues(template: ApologyTemplate, data: LetterData): Record<PlaceholderName, string> {
  return {
    unit: data.unitName,
    unitCode: data.unitCode,
    dossierCode: data.dossierCode,
    applicant: template.applicant,
    procedure: data.procedureName,
    procedureCode: data.procedureCode,
    field: data.field,
    receivedDate: formatDayMonthYear(data.receivedDate),
    dueDate: formatDayMonthYear(data.dueDate),
    reason: data.reason.trim(),
    newAppointmentDate: formatDayMonthYear(data.newAppointmentDate),
    place: template.place,
    issuedDate: formatLongDate(data.issuedOn),
  };
}

export function fill(text: string, values: Record<PlaceholderName, string>): string {
  return text.replace(PLACEHOLDER, (whole, raw: string) => {
    const name = raw.trim();
    return isPlaceholderName(name) ? values[name] : whole;
  });
}

/** A sentence-initial date line: "Phú Thọ, ngày …" stays; "ngày …" alone becomes "Ngày …". */
const capitalize = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

export function renderLetter(template: ApologyTemplate, data: LetterData): RenderedLetter {
  const values = placeholderValues(template, data);
  const f = (text: string) => fill(text, values);
  return {
    letterhead: template.letterhead.map(f).filter((line) => line.trim() !== ''),
    dateLine: capitalize(f(template.dateLine).trim().replace(/^,\s*/, '')),
    title: f(template.title),
    salutation: f(template.salutation),
    paragraphs: template.paragraphs.map(f).filter((p) => p.trim() !== ''),
    signatureTitle: f(template.signatureTitle),
    signatureNote: f(template.signatureNote),
    signerName: f(template.signerName),
    recipients: template.recipients.map(f).filter((line) => line.trim() !== ''),
  };
}

/** The example dossier of the template preview and the sample letter. */
export function sampleLetterData(issuedOn: LocalDate): LetterData {
  return {
    unitCode: 'MAU',
    unitName: 'UBND xã Mẫu (đơn vị ví dụ)',
    dossierCode: 'H00.00-250301-0001',
    procedureCode: '1.001234',
    procedureName: 'Đăng ký khai sinh (thủ tục ví dụ)',
    field: 'Hộ tịch',
    receivedDate: '2025-03-03',
    dueDate: '2025-03-10',
    reason: 'Hồ sơ cần xác minh thêm thông tin tại cơ quan khác.',
    newAppointmentDate: '2025-03-17',
    issuedOn,
  };
}
