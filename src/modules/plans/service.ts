import type { DbOrTx } from '../../db/client.js';
import { type TableFormat, writeTable } from '../../io/tabular.js';
import { plansReport } from './queries.js';
import { PLANS_REPORT_COLUMNS } from './schemas.js';

export { createPlan, deletePlan, deleteTask, putTask, setRequiredPlans, updatePlan } from './commands.js';
export { importPlanTasks } from './import.js';
export { planFiguresByUnit, plansReport, unitPlans } from './queries.js';

/** `report plans` as CSV or XLSX: rates with two decimals, empty when a unit has no counted task. */
export async function plansReportFile(db: DbOrTx, year: number, asOf: string, format: TableFormat): Promise<Buffer> {
  const rows = await plansReport(db, year, asOf);
  return writeTable(
    format,
    PLANS_REPORT_COLUMNS,
    rows.map((r) => ({ ...r, completion_rate: r.completion_rate === null ? '' : r.completion_rate.toFixed(2) })),
    'plans',
  );
}
