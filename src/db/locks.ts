import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';

/**
 * Transaction-level advisory locks shared by modules. DOSSIER_WRITE serializes everything that writes `dossiers`
 * or its rollups (imports, rollup rebuilds) with the deletion of a procedure: `dossiers` has no foreign keys (a
 * million per-row FK checks cost more than the rest of the merge), so these take turns instead.
 */
const DOSSIER_WRITE_LOCK_KEY = 72_616_402;

/** Waits for the dossier write lock; it is held until the caller's transaction ends. */
export async function lockDossierWrites(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DOSSIER_WRITE_LOCK_KEY})`);
}

/**
 * The first key of the session-level advisory lock a dossier import run holds from before its `dossier_imports` row
 * exists until it ends (the second key is the run's id). A run still marked 'running' whose lock nobody holds was
 * stopped with its process: see sweepInterruptedRuns (src/modules/dossiers/runs.ts).
 */
export const DOSSIER_RUN_LOCK_CLASS = 72_616_403;
