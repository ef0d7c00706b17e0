/**
 * The words and numbers of the self-assessment report, shared by the DOCX and the PDF (Vietnamese: the document is
 * printed, signed and sent as it is).
 */
import { DASH, formatViDate, formatViLongDate, formatViNumber } from '../../results/documents/format.js';
import type { ReportRow, SelfAssessmentContent } from './content.js';

export interface ReportTableRow {
  code: string;
  title: string;
  max: string;
  score: string;
  notes: string[];
  evidence: string;
  /** Fields and parent criteria (their sums). */
  bold: boolean;
  depth: number;
}

export interface ReportTexts {
  issuer: string[];
  dateLine: string;
  title: string;
  subtitle: string;
  unitLine: string;
  statusLine: string;
  sections: { criteria: string; totals: string; evidence: string };
  tableHeaders: string[];
  tableRows: ReportTableRow[];
  totalLabel: string;
  totalMax: string;
  totalScore: string;
  evidenceCount: number;
  fieldTotals: string[];
  overallLine: string;
  unscoredLine: string | null;
  evidenceLines: string[];
  noEvidence: string;
  recipients: string[];
  signature: { dateLine: string; title: string; note: string; nameLine: string };
}

export const points = (value: number) => formatViNumber(value);

function scoreText(row: ReportRow): string {
  if (row.leaf && row.notApplicable) return 'Không áp dụng';
  if (row.score === null) return row.leaf && row.method === 'manual' ? 'Chưa chấm' : DASH;
  return points(row.score);
}

function maxText(row: ReportRow): string {
  if (row.leaf) return row.notApplicable ? `(${points(row.maxPoints)})` : points(row.maxPoints);
  return row.applicableMax === null ? points(row.maxPoints) : points(row.applicableMax);
}

export function reportTexts(content: SelfAssessmentContent, generatedAt: Date): ReportTexts {
  const { year } = content;
  const fieldLine = (f: SelfAssessmentContent['fields'][number]) =>
    f.max === null
      ? `${f.code}. ${f.title}: ${points(f.score)} điểm (${f.method === 'penalty' ? 'điểm trừ' : 'điểm thưởng'}, ngoài điểm tối đa)`
      : `${f.code}. ${f.title}: ${points(f.score)} / ${points(f.max)} điểm`;
  return {
    issuer: [...(content.parentName ? [content.parentName] : []), content.unitName],
    dateLine: formatViLongDate(generatedAt).replace(/^n/, 'N'),
    title: 'BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM',
    subtitle: `CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`,
    unitLine: `Đơn vị: ${content.unitName} (${content.unitCode}) – ${content.blockName}`,
    statusLine: content.submittedAt ? `Đã nộp bản tự đánh giá ngày ${formatViDate(content.submittedAt)}` : 'Bản nháp – đơn vị chưa nộp bản tự đánh giá',
    sections: { criteria: 'I. KẾT QUẢ TỰ CHẤM ĐIỂM', totals: 'II. TỔNG HỢP ĐIỂM', evidence: 'III. DANH MỤC TÀI LIỆU KIỂM CHỨNG' },
    tableHeaders: ['Mã', 'Tiêu chí', 'Điểm tối đa', 'Điểm tự đánh giá', 'Ghi chú, giải trình', 'Số TLKC'],
    tableRows: content.rows.map((r) => ({
      code: r.code,
      title: r.title,
      max: maxText(r),
      score: scoreText(r),
      notes: r.notes,
      evidence: r.leaf ? String(r.evidence.length) : '',
      bold: !r.leaf,
      depth: r.depth,
    })),
    totalLabel: 'Tổng cộng',
    totalMax: points(content.overall.max),
    totalScore: points(content.overall.score),
    evidenceCount: content.evidenceCount,
    fieldTotals: content.fields.map(fieldLine),
    overallLine: `Tổng điểm tự đánh giá: ${points(content.overall.score)} / ${points(content.overall.max)} điểm (điểm đạt / tổng điểm tối đa của các tiêu chí áp dụng).`,
    unscoredLine: content.unscored > 0 ? `Còn ${content.unscored} tiêu chí chưa chấm điểm.` : null,
    evidenceLines: content.rows
      .filter((r) => r.leaf && r.evidence.length > 0)
      .map((r) => `${r.code}. ${r.title}: ${r.evidence.map((name, i) => `(${i + 1}) ${name}`).join('; ')}.`),
    noEvidence: 'Đơn vị chưa đính kèm tài liệu kiểm chứng.',
    recipients: ['Nơi nhận:', '- Sở Nội vụ (để thẩm định);', '- Lưu: VT.'],
    signature: {
      dateLine: '……, ngày …… tháng …… năm ……',
      title: 'THỦ TRƯỞNG ĐƠN VỊ',
      note: '(Ký tên, đóng dấu)',
      nameLine: 'Họ và tên: ……………………………',
    },
  };
}
