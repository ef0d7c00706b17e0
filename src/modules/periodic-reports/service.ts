import type { DbOrTx } from '../../db/client.js';
import { localDate } from '../../domain/deadlines.js';
import { periodRange, type ReportPeriod } from '../../domain/periodic-reports.js';
import { vietnameseDocumentDate } from '../../domain/text.js';
import type { Actor } from '../auth/actor.js';
import { buildSummaryDocx, buildUnitReportDocx } from './document.js';
import { asOfFor, assembleFigures, reportingUnits, reportStatus, type SurveyCache, unitReport } from './queries.js';
import type { ReportParams } from './schemas.js';
import { getTemplate } from './template-store.js';
import { fill, PERIOD_LABELS, placeholderValues, renderFrame } from './template.js';
import { periodicReports } from '../../db/schema.js';
import { and, eq } from 'drizzle-orm';

export { reopenReport, saveReport, setDeadlines, submitReport } from './commands.js';
export { reportFiguresByUnit } from './figures.js';
export { deadlinesView, reportStatus, unitReport, unitReportList } from './queries.js';
export { getTemplate, resetTemplate, saveTemplate } from './template-store.js';

/** A unit's report as DOCX from the current template (whoever may read the report may download it). */
export async function unitReportDocx(db: DbOrTx, actor: Actor, params: ReportParams, today: string): Promise<Buffer> {
  const report = await unitReport(db, actor, params, today);
  const { template } = await getTemplate(db);
  const frame = renderFrame(template, {
    unitCode: report.unitCode,
    unitName: report.unitName,
    year: report.year,
    period: report.period,
    from: report.from,
    to: report.to,
    issuedOn: report.submittedOn ?? today,
    documentNo: report.documentNo,
  });
  return buildUnitReportDocx({ frame, documentNo: report.documentNo, figures: report.figures, sections: report.sections, draft: report.submittedAt === null });
}

/** The province summary of a period: every unit's figures in one table, then each section with the submitted units' texts. */
export async function summaryDocx(db: DbOrTx, year: number, period: ReportPeriod, today: string): Promise<Buffer> {
  const status = await reportStatus(db, year, period);
  const { template } = await getTemplate(db);
  const asOf = asOfFor(year, period, today);
  const unitList = await reportingUnits(db, year);
  const rows = await db
    .select()
    .from(periodicReports)
    .where(and(eq(periodicReports.year, year), eq(periodicReports.period, period)));
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  const cache: SurveyCache = new Map();
  const stateByCode = new Map(status.units.map((u) => [u.unitCode, u]));
  const units = [];
  for (const unit of unitList) {
    const row = byUnit.get(unit.id);
    const s = stateByCode.get(unit.code)!;
    units.push({
      unitCode: unit.code,
      unitName: unit.name,
      state: s.state,
      submittedOn: row?.submittedAt ? localDate(row.submittedAt) : null,
      figures: await assembleFigures(db, unit, year, period, asOf, cache),
      sections: row?.submittedAt ? row.sections : null,
    });
  }
  const values = placeholderValues(template, {
    unitCode: '',
    unitName: 'Sở Nội vụ',
    year,
    period,
    ...periodRange(year, period),
    issuedOn: today,
    documentNo: null,
  });
  const periodText = PERIOD_LABELS[period];
  return buildSummaryDocx({
    issuer: [fill(template.letterhead[0] ?? 'UBND TỈNH', values), 'SỞ NỘI VỤ'].filter((l) => l !== ''),
    dateLine: `${template.place}, ${vietnameseDocumentDate(today)}`,
    title: `TỔNG HỢP BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH ${periodText.toUpperCase()} NĂM ${year}`.replace(/\s{2,}/g, ' '),
    dueOn: status.dueOn,
    sections: template.sections.map((s) => ({ key: s.key, title: fill(s.title, values) })),
    units,
  });
}
