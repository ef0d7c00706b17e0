/**
 * What the self-assessment report of a sheet (round × unit) says, computed once from the sheet the API answers, so
 * the DOCX and the PDF never disagree with the screen: each criterion's maximum, the unit's score, the notes, the
 * evidence file names, totals per field and overall (scored / applicable maximum).
 *
 * The report is what the unit itself scored, the "Tự chấm" stage of the sheet's running totals (domain/sheet-totals.ts):
 * a manual criterion's self-score and a formula criterion's value computed from the unit's data. Survey, bonus and
 * penalty points are the organizer's, entered later: their rows say so and carry no score. A not-applicable criterion
 * leaves both its score and its maximum. A parent's score and maximum are the sums over its applicable leaves; the
 * field and overall totals are the sheet's own (the overall kept within [0, applicable maximum] as the index does).
 */
import { isOutsideMaximum } from '../../../domain/framework.js';
import type { Sheet, SheetCriterion } from '../schemas.js';

export interface ReportRow {
  code: string;
  title: string;
  /** 0 for a field, 1 for its criteria, … */
  depth: number;
  leaf: boolean;
  method: SheetCriterion['method'];
  /** The criterion's maximum points (for bonus and penalty: what they give or take at most). */
  maxPoints: number;
  /** Applicable maximum of a parent (the sum over its applicable leaves); null for a bonus or penalty field. */
  applicableMax: number | null;
  /** The score: a leaf's (signed for a penalty), or a parent's sum; null for a leaf without one. */
  score: number | null;
  notApplicable: boolean;
  /** Notes in the order printed: the unit's note, why not applicable, why no evidence, where the points come from. */
  notes: string[];
  evidence: string[];
}

export interface ReportTotal {
  code: string;
  title: string;
  method: SheetCriterion['method'];
  score: number;
  /** Null for a bonus or penalty field (outside the maximum). */
  max: number | null;
}

export interface SelfAssessmentContent {
  year: number;
  blockName: string;
  unitCode: string;
  unitName: string;
  /** The unit above it (the letterhead's first line), if any. */
  parentName: string | null;
  submittedAt: string | null;
  rows: ReportRow[];
  fields: ReportTotal[];
  overall: { score: number; max: number };
  /** Manual leaves neither scored nor marked not applicable. */
  unscored: number;
  evidenceCount: number;
}

const cents = (value: number) => Math.round(value * 100);

const SOURCE_NOTE: Partial<Record<SheetCriterion['method'], string>> = {
  formula: 'Điểm tính tự động từ dữ liệu của đơn vị',
  survey: 'Điểm điều tra xã hội học: do Sở Nội vụ nhập, không thuộc phần tự chấm',
  bonus: 'Điểm thưởng: do Sở Nội vụ nhập, không thuộc phần tự chấm',
  penalty: 'Điểm trừ: do Sở Nội vụ nhập, không thuộc phần tự chấm',
};

/** The unit's own score of a leaf, in hundredths, or null when it has none (the self stage of domain/sheet-totals.ts). */
function leafCents(c: SheetCriterion): number | null {
  const s = c.score;
  if (s?.notApplicable) return null;
  const value = c.method === 'manual' ? (s?.selfScore ?? null) : c.method === 'formula' ? (c.formula?.computed ?? s?.selfScore ?? null) : null;
  return value === null ? null : cents(value);
}

const isUnder = (code: string, ancestor: string) => code === ancestor || code.startsWith(`${ancestor}.`);

export interface UnitNames {
  unitName: string;
  parentName: string | null;
}

export function selfAssessmentContent(sheet: Sheet, names: UnitNames): SelfAssessmentContent {
  const leaves = sheet.criteria.filter((c) => c.leaf);
  const leafValue = new Map(leaves.map((c) => [c.code, leafCents(c)]));
  const applicable = (c: SheetCriterion) => !c.score?.notApplicable;
  /** Sum of the scores and of the maxima of the applicable leaves under `code`. */
  const sums = (code: string) => {
    const under = leaves.filter((l) => isUnder(l.code, code) && applicable(l));
    return {
      score: under.reduce((sum, l) => sum + (leafValue.get(l.code) ?? 0), 0),
      max: under.filter((l) => !isOutsideMaximum(l.method)).reduce((sum, l) => sum + cents(l.maxPoints), 0),
      anyScore: under.some((l) => leafValue.get(l.code) !== null),
    };
  };

  const rows: ReportRow[] = sheet.criteria.map((c) => {
    const depth = c.code.split('.').length - 1;
    const notes: string[] = [];
    if (c.leaf) {
      const s = c.score;
      if (s?.selfNote) notes.push(s.selfNote);
      if (s?.notApplicable) notes.push(`Không áp dụng${s.notApplicableReason ? `: ${s.notApplicableReason}` : ''}`);
      if (s?.missingEvidenceReason) notes.push(`Lý do không có tài liệu kiểm chứng: ${s.missingEvidenceReason}`);
      const source = SOURCE_NOTE[c.method];
      if (source) notes.push(source);
      const value = leafValue.get(c.code) ?? null;
      return {
        code: c.code,
        title: c.title,
        depth,
        leaf: true,
        method: c.method,
        maxPoints: c.maxPoints,
        applicableMax: null,
        score: value === null ? null : value / 100,
        notApplicable: Boolean(s?.notApplicable),
        notes,
        evidence: c.evidence.map((e) => e.fileName),
      };
    }
    const { score, max, anyScore } = sums(c.code);
    return {
      code: c.code,
      title: c.title,
      depth,
      leaf: false,
      method: c.method,
      maxPoints: c.maxPoints,
      applicableMax: isOutsideMaximum(c.method) ? null : max / 100,
      score: anyScore ? score / 100 : null,
      notApplicable: false,
      notes,
      evidence: [],
    };
  });

  const fieldCriteria = sheet.criteria.filter((c) => !c.code.includes('.'));
  const fields: ReportTotal[] = fieldCriteria.map((f) => {
    const total = sheet.totals.fields.find((t) => t.code === f.code);
    return { code: f.code, title: f.title, method: f.method, score: total?.self ?? 0, max: isOutsideMaximum(f.method) ? null : (total?.maxScore ?? 0) };
  });
  const unscored = leaves.filter((l) => l.method === 'manual' && !l.score?.notApplicable && (l.score?.selfScore ?? null) === null).length;

  return {
    year: sheet.round.year,
    blockName: sheet.round.blockName,
    unitCode: sheet.unitCode,
    unitName: names.unitName,
    parentName: names.parentName,
    submittedAt: sheet.submittedAt,
    rows,
    fields,
    overall: { score: sheet.totals.overall.self, max: sheet.totals.overall.maxScore },
    unscored,
    evidenceCount: leaves.reduce((sum, l) => sum + l.evidence.length, 0),
  };
}
