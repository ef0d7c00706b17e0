import { asc, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { procedures, units } from '../../db/schema.js';
import { summarizeTimeCuts } from '../../domain/procedures.js';
import { formatRate } from '../../domain/timeliness.js';
import { divideRoundHalfUp, hundredthsToNumber } from '../../domain/points.js';
import { type TableFormat, writeTable } from '../../io/tabular.js';
import type { ProcedureStatistics, ProcedureStats } from './schemas.js';

/**
 * Published procedures per unit id and how many of them are fully / partly online: the inputs of the formula
 * criteria "share of procedures offered fully online" (and partly).
 */
export async function onlineProcedureCounts(db: DbOrTx): Promise<Map<number, { published: number; full: number; partial: number }>> {
  const rows = await db
    .select({
      unitId: procedures.unitId,
      published: count(),
      full: sql<number>`count(*) filter (where ${procedures.onlineLevel} = 'full')`.mapWith(Number),
      partial: sql<number>`count(*) filter (where ${procedures.onlineLevel} = 'partial')`.mapWith(Number),
    })
    .from(procedures)
    .where(eq(procedures.published, true))
    .groupBy(procedures.unitId);
  return new Map(rows.map((r) => [r.unitId, { published: Number(r.published), full: r.full, partial: r.partial }]));
}

interface Group {
  published: boolean;
  onlineLevel: string;
  legalDays: number;
  internalDays: number;
  n: number;
}

function statsOf(groups: readonly Group[]): ProcedureStats {
  const published = groups.filter((g) => g.published);
  const sum = (list: readonly Group[]) => list.reduce((s, g) => s + g.n, 0);
  const publishedCount = sum(published);
  const full = sum(published.filter((g) => g.onlineLevel === 'full'));
  const cuts = summarizeTimeCuts(published.map((g) => ({ legalDays: g.legalDays, internalDays: g.internalDays, weight: g.n })));
  return {
    total: sum(groups),
    published: publishedCount,
    full,
    partial: sum(published.filter((g) => g.onlineLevel === 'partial')),
    none: sum(published.filter((g) => g.onlineLevel === 'none')),
    fullSharePercent: publishedCount ? hundredthsToNumber(divideRoundHalfUp(full * 10_000, publishedCount)) : null,
    withLegalLimit: cuts.withLegalLimit,
    cut: cuts.cut,
    averageCutPercent: hundredthsToNumber(cuts.averageCutHundredths),
    cutAtLeast30: cuts.cutAtLeast30,
    cutAtLeast30SharePercent: hundredthsToNumber(cuts.cutAtLeast30ShareHundredths),
  };
}

/**
 * Per-unit figures of the catalogue (every unit that has procedures), and the province's, computed over all
 * procedures together (not as a mean of the unit figures). One grouped query; the arithmetic is exact.
 */
export async function procedureStatistics(db: DbOrTx): Promise<ProcedureStatistics> {
  const rows = await db
    .select({
      unitCode: units.code,
      unitName: units.name,
      published: procedures.published,
      onlineLevel: procedures.onlineLevel,
      legalDays: procedures.legalDays,
      internalDays: procedures.internalDays,
      n: count(),
    })
    .from(procedures)
    .innerJoin(units, eq(units.id, procedures.unitId))
    .groupBy(units.code, units.name, procedures.published, procedures.onlineLevel, procedures.legalDays, procedures.internalDays)
    .orderBy(asc(units.code));
  const byUnit = new Map<string, { name: string; groups: Group[] }>();
  for (const row of rows) {
    const entry = byUnit.get(row.unitCode) ?? { name: row.unitName, groups: [] };
    entry.groups.push({ ...row, n: Number(row.n) });
    byUnit.set(row.unitCode, entry);
  }
  const all = [...byUnit.values()].flatMap((u) => u.groups);
  return {
    units: [...byUnit].map(([unitCode, { name, groups }]) => ({ unitCode, unitName: name, ...statsOf(groups) })),
    province: statsOf(all),
  };
}

export const STATS_COLUMNS = [
  'unit_code',
  'unit_name',
  'total',
  'published',
  'full',
  'partial',
  'none',
  'full_share_percent',
  'with_legal_limit',
  'cut',
  'average_cut_percent',
  'cut_at_least_30',
  'cut_at_least_30_share_percent',
] as const;

const text = (value: number | null) => (value === null ? '' : formatRate(Math.round(value * 100)));

/** The statistics as a table: one row per unit, then the province's row (unit_code "TOTAL"). */
export async function statisticsTable(db: DbOrTx, format: TableFormat): Promise<Buffer> {
  const { units: list, province } = await procedureStatistics(db);
  const rows = [...list, { unitCode: 'TOTAL', unitName: 'Toàn tỉnh', ...province }].map((s) => ({
    unit_code: s.unitCode,
    unit_name: s.unitName,
    total: s.total,
    published: s.published,
    full: s.full,
    partial: s.partial,
    none: s.none,
    full_share_percent: text(s.fullSharePercent),
    with_legal_limit: s.withLegalLimit,
    cut: s.cut,
    average_cut_percent: text(s.averageCutPercent),
    cut_at_least_30: s.cutAtLeast30,
    cut_at_least_30_share_percent: text(s.cutAtLeast30SharePercent),
  }));
  return writeTable(format, STATS_COLUMNS, rows, 'procedure-statistics');
}
