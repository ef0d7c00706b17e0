/**
 * The periodic report template (báo cáo công tác cải cách hành chính quý, 6 tháng, 9 tháng, năm) and its rendering.
 * Pure: no I/O. The organizer edits every text, the sections the units write included; values come in through
 * {{placeholders}}, and a placeholder that does not exist is refused naming the field it is in.
 */
import type { ReportPeriod } from '../../domain/periodic-reports.js';
import { shortText, vietnameseDocumentDate } from '../../domain/text.js';
import { type ReasonedText, reasonText } from '../../errors.js';
import { reasons } from './reasons.js';
import type { ReportTemplate } from './schemas.js';

export const TEMPLATE_SETTING_KEY = 'periodic_report_template';

/** Every placeholder a template may use, with what it stands for (shown in the editor). */
export const PLACEHOLDERS = {
  unit: 'tên đơn vị báo cáo',
  unitCode: 'mã đơn vị',
  period: 'kỳ báo cáo ("quý I", "6 tháng đầu", "9 tháng"; để trống với báo cáo năm)',
  year: 'năm báo cáo',
  from: 'ngày đầu kỳ (dd/mm/yyyy)',
  to: 'ngày cuối kỳ (dd/mm/yyyy)',
  place: 'địa danh (ô "Địa danh")',
  date: 'ngày xuất báo cáo ("ngày 05 tháng 4 năm 2026")',
  documentNo: 'số, ký hiệu văn bản của báo cáo',
} as const;
export type PlaceholderName = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as PlaceholderName[];

/** How a period is named in a title: "… quý I năm 2025", "… 6 tháng đầu năm 2025", "… năm 2025". */
export const PERIOD_LABELS: Record<ReportPeriod, string> = {
  q1: 'quý I',
  q2: 'quý II',
  q3: 'quý III',
  q4: 'quý IV',
  h1: '6 tháng đầu',
  m9: '9 tháng',
  year: '',
};
/** The period's name on its own (tables, status): "Quý I", "6 tháng", "Năm". */
export const PERIOD_NAMES: Record<ReportPeriod, string> = {
  q1: 'Quý I',
  q2: 'Quý II',
  q3: 'Quý III',
  q4: 'Quý IV',
  h1: '6 tháng',
  m9: '9 tháng',
  year: 'Năm',
};

export const DEFAULT_TEMPLATE: ReportTemplate = {
  letterhead: ['UBND TỈNH …………', '{{unit}}'],
  place: '……………',
  dateLine: '{{place}}, {{date}}',
  title: 'BÁO CÁO Công tác cải cách hành chính {{period}} năm {{year}}',
  intro:
    'Thực hiện Kế hoạch cải cách hành chính năm {{year}} của tỉnh, {{unit}} báo cáo kết quả công tác cải cách hành chính {{period}} năm {{year}} (từ ngày {{from}} đến ngày {{to}}) như sau:',
  sections: [
    {
      key: 'chi_dao',
      title: 'Công tác chỉ đạo, điều hành cải cách hành chính',
      hint: 'Việc ban hành kế hoạch, kiểm tra, tuyên truyền, khen thưởng; các văn bản chỉ đạo trong kỳ.',
    },
    {
      key: 'ket_qua',
      title: 'Kết quả đạt được theo từng lĩnh vực',
      hint: 'Cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy; cải cách chế độ công vụ; cải cách tài chính công; xây dựng chính quyền điện tử, chính quyền số.',
    },
    { key: 'ton_tai', title: 'Tồn tại, hạn chế', hint: 'Những nhiệm vụ chưa hoàn thành hoặc hoàn thành chậm, hạn chế trong kỳ.' },
    { key: 'nguyen_nhan', title: 'Nguyên nhân', hint: 'Nguyên nhân khách quan và chủ quan của các tồn tại, hạn chế.' },
    { key: 'phuong_huong', title: 'Phương hướng, nhiệm vụ kỳ tới', hint: 'Các nhiệm vụ trọng tâm và giải pháp trong kỳ tới.' },
    { key: 'de_xuat', title: 'Đề xuất, kiến nghị', hint: 'Đề xuất, kiến nghị với UBND tỉnh, Sở Nội vụ và các cơ quan liên quan.' },
  ],
  signatureTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
  signatureNote: '(Ký, ghi rõ họ tên và đóng dấu)',
  signerName: '',
  recipients: ['Nơi nhận:', '- Sở Nội vụ;', '- Lưu: VT.'],
};

export interface TemplateIssue extends ReasonedText {
  /** The field of the template: `title`, `sections.2.title`, `letterhead.0`. */
  path: string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const isPlaceholderName = (name: string): name is PlaceholderName => Object.hasOwn(PLACEHOLDERS, name);

/** The texts of a template with their paths, in reading order; `place` is a value itself and takes none. */
function textsOf(template: ReportTemplate): { path: string; text: string; placeholders: boolean }[] {
  return [
    ...template.letterhead.map((text, i) => ({ path: `letterhead.${i}`, text, placeholders: true })),
    { path: 'place', text: template.place, placeholders: false },
    { path: 'dateLine', text: template.dateLine, placeholders: true },
    { path: 'title', text: template.title, placeholders: true },
    { path: 'intro', text: template.intro, placeholders: true },
    ...template.sections.flatMap((s, i) => [
      { path: `sections.${i}.title`, text: s.title, placeholders: true },
      { path: `sections.${i}.hint`, text: s.hint, placeholders: true },
    ]),
    { path: 'signatureTitle', text: template.signatureTitle, placeholders: true },
    { path: 'signatureNote', text: template.signatureNote, placeholders: true },
    { path: 'signerName', text: template.signerName, placeholders: true },
    ...template.recipients.map((text, i) => ({ path: `recipients.${i}`, text, placeholders: true })),
  ];
}

/** Unknown or malformed placeholders and repeated section keys, each named with its field; empty: the template can be saved. */
export function templateIssues(template: ReportTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const { path, text, placeholders } of textsOf(template)) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!.trim();
      // The placeholder travels as a parameter: `{{name}}` in a message would be read as one of its own.
      const placeholder = shortText(`{{${name}}}`);
      if (!placeholders) issues.push({ path, ...reasonText(reasons, 'report_template_placeholder_not_allowed', { field: path, placeholder }) });
      else if (!isPlaceholderName(name)) {
        issues.push({
          path,
          ...reasonText(reasons, 'report_template_placeholder_unknown', { placeholder, known: PLACEHOLDER_NAMES.map((n) => `{{${n}}}`).join(', ') }),
        });
      }
    }
    const rest = text.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}'))
      issues.push({ path, ...reasonText(reasons, 'report_template_placeholder_unclosed', { example: '{{name}}' }) });
  }
  const seen = new Set<string>();
  template.sections.forEach((s, i) => {
    if (seen.has(s.key)) issues.push({ path: `sections.${i}.key`, ...reasonText(reasons, 'report_template_section_key_twice', { key: s.key }) });
    seen.add(s.key);
  });
  return issues;
}

/** The facts a report's texts are filled with. */
export interface ReportFacts {
  unitCode: string;
  unitName: string;
  year: number;
  period: ReportPeriod;
  from: string;
  to: string;
  /** The local date the document is made. */
  issuedOn: string;
  documentNo: string | null;
}

/** "2026-03-05" → "05/03/2026". */
export const dayMonthYear = (date: string) => date.split('-').reverse().join('/');

export function placeholderValues(template: ReportTemplate, facts: ReportFacts): Record<PlaceholderName, string> {
  return {
    unit: facts.unitName,
    unitCode: facts.unitCode,
    period: PERIOD_LABELS[facts.period],
    year: String(facts.year),
    from: dayMonthYear(facts.from),
    to: dayMonthYear(facts.to),
    place: template.place,
    date: vietnameseDocumentDate(facts.issuedOn),
    documentNo: facts.documentNo ?? '……',
  };
}

/** Fills the placeholders; the spaces an empty value leaves ("… {{period}} năm" of a yearly report) collapse. */
export function fill(text: string, values: Record<PlaceholderName, string>): string {
  return text
    .replace(PLACEHOLDER, (whole, raw: string) => {
      const name = raw.trim();
      return isPlaceholderName(name) ? values[name] : whole;
    })
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export interface RenderedReportFrame {
  letterhead: string[];
  dateLine: string;
  title: string;
  intro: string;
  sections: { key: string; title: string }[];
  signatureTitle: string;
  signatureNote: string;
  signerName: string;
  recipients: string[];
}

const capitalize = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** The template's texts for one report (the figures and the unit's texts are added by document.ts). */
export function renderFrame(template: ReportTemplate, facts: ReportFacts): RenderedReportFrame {
  const values = placeholderValues(template, facts);
  const f = (text: string) => fill(text, values);
  return {
    letterhead: template.letterhead.map(f).filter((line) => line !== ''),
    dateLine: capitalize(f(template.dateLine).replace(/^,\s*/, '')),
    title: f(template.title),
    intro: f(template.intro),
    sections: template.sections.map((s) => ({ key: s.key, title: f(s.title) })),
    signatureTitle: f(template.signatureTitle),
    signatureNote: f(template.signatureNote),
    signerName: f(template.signerName),
    recipients: template.recipients.map(f).filter((line) => line !== ''),
  };
}
