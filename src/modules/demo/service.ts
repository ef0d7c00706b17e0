import { eq } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import { writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { importBlocks } from '../blocks/service.js';
import { importUnits, UNIT_FILE_COLUMNS } from '../units/service.js';
import { createUser, normalizeUsername } from '../users/service.js';
import { findUserForLogin } from '../users/service.js';
import { DEMO_BLOCKS, DEMO_COMMUNES, DEMO_DEPARTMENTS, DEMO_DISTRICTS, DEMO_PASSWORD, DEMO_PROVINCE_NAME, DEMO_USERS } from './province.js';

const DEMO_KEY = 'demo';

export async function isDemoLoaded(db: DbOrTx): Promise<boolean> {
  const rows = await db.select().from(settings).where(eq(settings.key, DEMO_KEY));
  return rows.length > 0;
}

/**
 * Loads the demo province through the same import paths a real province uses, for the given
 * years (memberships per year). Running it again changes nothing that is already there.
 */
export async function loadDemo(db: Db, actor: Actor, years: number[]) {
  await importBlocks(
    db,
    actor,
    await writeTable(
      'csv',
      ['code', 'name'],
      DEMO_BLOCKS.map((b) => ({ ...b })),
    ),
  );
  const rows = [
    ...DEMO_DEPARTMENTS.map(([code, name]) => ({ code, name, block: 'SO', parent_code: '' })),
    ...DEMO_DISTRICTS.map(([code, name]) => ({ code, name, block: 'HUYEN', parent_code: '' })),
    ...DEMO_COMMUNES.map((c) => ({ code: c.code, name: c.name, block: 'XA', parent_code: c.parentCode })),
  ];
  const file = await writeTable('csv', UNIT_FILE_COLUMNS, rows);
  let unitsCreated = 0;
  for (const year of [...years].sort()) unitsCreated += (await importUnits(db, actor, file, year)).created;
  const usersCreated: string[] = [];
  for (const user of DEMO_USERS) {
    if (await findUserForLogin(db, user.username)) continue;
    await createUser(db, actor, { ...user, password: DEMO_PASSWORD, mustChangePassword: false });
    usersCreated.push(normalizeUsername(user.username));
  }
  await inTransaction(db, async (tx) => {
    if (await isDemoLoaded(tx)) return;
    const value = { province: DEMO_PROVINCE_NAME, years };
    await tx.insert(settings).values({ key: DEMO_KEY, value });
    await recordAudit(tx, actor, { action: 'create', entityType: 'setting', entityId: DEMO_KEY, after: value });
  });
  return { unitsCreated, usersCreated, unitCount: rows.length };
}
