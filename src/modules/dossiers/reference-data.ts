import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { loadWorkingCalendar } from '../calendar/service.js';
import type { ProcedureRef } from '../procedures/queries.js';

/**
 * What a dossier import checks its rows against, and the dossier search looks codes up in: every unit's id by code,
 * every procedure by code, the working calendar. A batch push used to read them all for every batch — at 20,000
 * procedures ~55 ms of a batch (docs/performance.md) — so a process keeps them and reads them again only when
 * `reference_data_version` has changed: statement triggers on units, procedures and calendar_days give it a new value
 * in every transaction that writes them (migration 0017), so a change made by any app server is seen by the next
 * read of every other. The version is read before the data: data read after a newer write than the version says is
 * merely read again next time, never kept under a version it does not belong to.
 */
export interface DossierReferenceData {
  unitIds: ReadonlyMap<string, number>;
  procedures: ReadonlyMap<string, ProcedureRef>;
  calendar: WorkingCalendar;
}

interface Cached {
  version: string;
  data: Promise<DossierReferenceData>;
}

/** Per database handle (a process may hold several, e.g. the tests). */
const cache = new WeakMap<object, Cached>();

export async function dossierReferenceData(db: DbOrTx): Promise<DossierReferenceData> {
  const [row] = await queryRows<{ version: string }>(db, sql`select version::text as version from reference_data_version`);
  const version = row?.version ?? '';
  const cached = cache.get(db);
  if (cached && cached.version === version) return cached.data;
  const data = load(db);
  cache.set(db, { version, data });
  // A failed read is not kept.
  data.catch(() => {
    if (cache.get(db)?.data === data) cache.delete(db);
  });
  return data;
}

async function load(db: DbOrTx): Promise<DossierReferenceData> {
  const units = await queryRows<{ code: string; id: number }>(db, sql`select code, id from units`);
  const procedures = await queryRows<{ code: string; id: number; unit_id: number; field: string; internal_days: number }>(
    db,
    sql`select code, id, unit_id, field, internal_days from procedures`,
  );
  return {
    unitIds: new Map(units.map((u) => [u.code, u.id])),
    procedures: new Map(procedures.map((p) => [p.code, { id: p.id, unitId: p.unit_id, field: p.field, internalDays: p.internal_days }])),
    calendar: await loadWorkingCalendar(db),
  };
}
