import type { DbOrTx } from '../../db/client.js';
import { procedures } from '../../db/schema.js';

export interface ProcedureRef {
  id: number;
  unitId: number;
  field: string;
  internalDays: number;
}

/** Every procedure by code: what a dossier import needs to check codes and compute due dates. */
export async function procedureLookup(db: DbOrTx): Promise<Map<string, ProcedureRef>> {
  const rows = await db
    .select({ code: procedures.code, id: procedures.id, unitId: procedures.unitId, field: procedures.field, internalDays: procedures.internalDays })
    .from(procedures);
  return new Map(rows.map(({ code, ...ref }) => [code, ref]));
}
