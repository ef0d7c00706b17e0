import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { dossierImports } from '../../db/schema.js';
import { rebuildRollupsIn } from './merge.js';

export { importDossierFile, importDossierRecords, type DossierImportResult, type DossierInput } from './import.js';

/**
 * Recomputes dossier_monthly_rollups and dossier_overdue_rollups from every dossier, in one transaction
 * (imports keep them current by deltas; this is the reference and the repair).
 */
export async function rebuildAllRollups(db: DbOrTx): Promise<void> {
  await db.transaction(async (tx) => rebuildRollupsIn(tx));
}

export type DossierImportRun = typeof dossierImports.$inferSelect;

/** One import run (its progress while running, its outcome after). */
export async function getDossierImport(db: DbOrTx, id: number): Promise<DossierImportRun | null> {
  const [row] = await db.select().from(dossierImports).where(eq(dossierImports.id, id));
  return row ?? null;
}

/** The latest import runs, newest first. */
export async function listDossierImports(db: DbOrTx, limit = 50): Promise<DossierImportRun[]> {
  return db.select().from(dossierImports).orderBy(desc(dossierImports.id)).limit(limit);
}
