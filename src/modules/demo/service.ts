import { eq } from 'drizzle-orm';
import { type Database, type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { settings, users } from '../../db/schema.js';
import { localDate } from '../../domain/deadlines.js';
import { localYear } from '../../domain/local-time.js';
import { writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { importBlocks } from '../blocks/service.js';
import type { FileStore } from '../files/storage.js';
import { importUnits, listUnits, UNIT_FILE_COLUMNS } from '../units/service.js';
import { createUser, findUserForLogin, normalizeUsername } from '../users/service.js';
import { loadDemoFrameworks, loadDemoOpenRounds, loadDemoPastYears } from './cycle.js';
import { seedDemoInspections } from './inspections.js';
import { seedDemoReports } from './periodic-reports.js';
import { loadDemoPlans } from './plans.js';
import { seedDemoRegisters } from './registers.js';
import { type DemoSurveys, loadDemoSurveys } from './surveys.js';
import { countDemoDossiers, issueDemoLetters, loadDemoCalendar, loadDemoDossiers, loadDemoProcedures } from './dossiers.js';
import { DEMO_BLOCKS, DEMO_COMMUNES, DEMO_DEPARTMENTS, DEMO_DISTRICTS, DEMO_PASSWORD, DEMO_PROVINCE_NAME, DEMO_UNIT_STAFF, DEMO_USERS } from './province.js';

import { DEFAULT_DEMO_DOSSIERS } from './defaults.js';

const DEMO_KEY = 'demo';

export { DEFAULT_DEMO_DOSSIERS };

export async function isDemoLoaded(db: DbOrTx): Promise<boolean> {
  const rows = await db.select().from(settings).where(eq(settings.key, DEMO_KEY));
  return rows.length > 0;
}

/** The years of the full demo for a date: three published years before the current one, which has its rounds open. */
export function demoYears(now: Date): { past: number[]; current: number } {
  const current = localYear(now);
  return { past: [current - 3, current - 2, current - 1], current };
}

async function createAccounts(db: Db, actor: Actor, accounts: readonly { username: string; displayName: string; role: string; unitCode: string | null }[]) {
  const created: string[] = [];
  for (const user of accounts) {
    if (await findUserForLogin(db, user.username)) continue;
    await createUser(db, actor, { ...user, role: user.role as never, password: DEMO_PASSWORD, mustChangePassword: false });
    created.push(normalizeUsername(user.username));
  }
  return created;
}

/**
 * The organisation: blocks, units (memberships for the given years) and one account per role, through the same
 * import paths a real province uses. Running it again changes nothing that is already there.
 */
export async function loadDemoOrganisation(db: Db, actor: Actor, years: number[]) {
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
  for (const year of [...years].sort()) {
    // A year whose memberships are all there would import as "0 created, 0 updated": skip the file's checks.
    const members = new Set((await Promise.all(DEMO_BLOCKS.map((b) => listUnits(db, { year, block: b.code })))).flat().map((u) => u.code));
    if (rows.every((r) => members.has(r.code))) continue;
    unitsCreated += (await importUnits(db, actor, file, year)).created;
  }
  const usersCreated = await createAccounts(db, actor, DEMO_USERS);
  await inTransaction(db, async (tx) => {
    if (await isDemoLoaded(tx)) return;
    const value = { province: DEMO_PROVINCE_NAME, years };
    await tx.insert(settings).values({ key: DEMO_KEY, value });
    await recordAudit(tx, actor, { action: 'create', entityType: 'setting', entityId: DEMO_KEY, after: value });
  });
  return { unitsCreated, usersCreated, unitCount: rows.length };
}

/** Kept for callers of the first demo: the organisation alone. */
export const loadDemo = loadDemoOrganisation;

export interface DemoOptions {
  /** The demo's "now": the current year, the rounds' windows and the dossiers' dates are derived from it. */
  now: Date;
  /** Dossiers to generate (about 50,000 by default). */
  dossiers?: number;
  /** Where evidence files go (the data folder's store); without one, units explain the missing evidence instead. */
  store?: FileStore | null;
  /** Called with each step's name and duration. */
  onStep?: (step: string, ms: number) => void;
}

export interface DemoSummary {
  years: { past: number[]; current: number };
  unitCount: number;
  unitsCreated: number;
  usersCreated: string[];
  frameworksCreated: number;
  yearsPublished: number;
  openRounds: { opened: number; submitted: number; appraised: number; explanationsAsked: number; explanationsAnswered: number };
  procedures: number;
  dossiersImported: number;
  lettersIssued: number;
  /** The surveys of the current year (docs/demo.md "Surveys"). */
  surveys: DemoSurveys;
  /** The current year's reform plans and their tasks (docs/demo.md "Plans"). */
  plans: { plans: number; tasks: number };
  milliseconds: number;
}

/** Builds an actor from a demo account (the acting person, as a signed-in request would). */
async function actorsOf(db: Db): Promise<(username: string) => Actor> {
  const rows = await db.select({ id: users.id, username: users.username, role: users.role, unitId: users.unitId }).from(users);
  const byName = new Map(rows.map((u) => [u.username, u]));
  return (username: string) => {
    const user = byName.get(normalizeUsername(username));
    if (!user) throw new Error(`the demo account ${username} is missing`);
    return { userId: user.id, username: user.username, role: user.role, unitId: user.unitId };
  };
}

/**
 * The whole demo province: the organisation for four years, frameworks for every block and year, three published
 * years, the current year's rounds open with units at every stage, the calendar, the procedure catalogue, dossiers
 * of the current and previous year with their timeliness, and apology letters. Every step goes through the
 * service or import a province uses, as the person whose role it is; each step skips what is already there, so a
 * second run changes nothing.
 */
export async function loadFullDemo(database: Database, cli: Actor, options: DemoOptions): Promise<DemoSummary> {
  const { db } = database;
  const started = performance.now();
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    const result = await run();
    options.onStep?.(name, performance.now() - at);
    return result;
  };
  const years = demoYears(options.now);
  const allYears = [...years.past, years.current];
  const today = localDate(options.now);

  const organisation = await step('organisation', () => loadDemoOrganisation(db, cli, allYears));
  const staff = await step('accounts', () => createAccounts(db, cli, DEMO_UNIT_STAFF));
  const actors = await actorsOf(db);
  const organizer = actors('demo.admin');
  const frameworksCreated = await step('frameworks', () => loadDemoFrameworks(db, organizer, allYears));
  const yearsPublished = await step('past years', () => loadDemoPastYears(db, organizer, years.past));
  await step('calendar', () => loadDemoCalendar(db, organizer, allYears));
  const procedures = await step('procedures', () => loadDemoProcedures(db, organizer));
  let dossiersImported = 0;
  if ((await countDemoDossiers(db)) === 0) {
    const count = options.dossiers ?? DEFAULT_DEMO_DOSSIERS;
    const result = await step('dossiers', () => loadDemoDossiers(database, organizer, count, options.now, today, years.current));
    dossiersImported = result.inserted;
  }
  const lettersIssued = await step('apology letters', () => issueDemoLetters(db, organizer, today));
  const openRounds = await step('open rounds', () =>
    loadDemoOpenRounds({ db, actors, now: options.now, store: options.store ?? null }, organizer, years.current, today),
  );
  const surveys = await step('surveys', () => loadDemoSurveys(db, organizer, years.current, today));
  const plans = await step('plans', () => loadDemoPlans(db, organizer, years.current, today));
  await step('inspections', () => seedDemoInspections(db, years.current));
  await step('registers', () => seedDemoRegisters(db, years.current));
  await step('periodic reports', () => seedDemoReports(db, years.current, today));
  return {
    years,
    unitCount: organisation.unitCount,
    unitsCreated: organisation.unitsCreated,
    usersCreated: [...organisation.usersCreated, ...staff],
    frameworksCreated,
    yearsPublished,
    openRounds,
    procedures,
    dossiersImported,
    lettersIssued,
    surveys,
    plans,
    milliseconds: performance.now() - started,
  };
}
