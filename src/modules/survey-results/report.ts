import type { DbOrTx } from '../../db/client.js';
import { writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { loadResults, unitRow } from './queries.js';
import { SIPAS_REPORT_COLUMNS, type SipasReportFormat, type SipasReportRow } from './schemas.js';

/**
 * `parindex report sipas` and GET …/results/report: one row for every unit of the campaign the reader sees, sorted by
 * unit code — `unit_code,responses,access,procedure,civil_servant,result,feedback,sipas`. A unit without responses has
 * 0 and empty indices; an element without answers is empty; indices have two decimals (66.67).
 */

export async function sipasReportRows(db: DbOrTx, actor: Actor, code: string): Promise<SipasReportRow[]> {
  const data = await loadResults(db, actor, code);
  return [...data.units]
    .sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0))
    .map((u) => {
      const row = unitRow(data, u);
      return { unit_code: row.unitCode, responses: row.responses, ...row.elements, sipas: row.sipas };
    });
}

const two = (value: number | null) => (value === null ? '' : value.toFixed(2));

export async function sipasReport(db: DbOrTx, actor: Actor, code: string, format: SipasReportFormat): Promise<Buffer> {
  const rows = await sipasReportRows(db, actor, code);
  if (format === 'json') return Buffer.from(`${JSON.stringify(rows, null, 2)}\n`, 'utf8');
  const indices = ['access', 'procedure', 'civil_servant', 'result', 'feedback', 'sipas'] as const;
  if (format === 'csv') {
    return writeTable(
      'csv',
      SIPAS_REPORT_COLUMNS,
      rows.map((r) => ({ unit_code: r.unit_code, responses: r.responses, ...Object.fromEntries(indices.map((k) => [k, two(r[k])])) })),
    );
  }
  // XLSX: numbers stay numbers (an empty cell where there is no index).
  return writeTable('xlsx', SIPAS_REPORT_COLUMNS, rows, 'sipas');
}
