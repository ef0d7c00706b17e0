import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { DEFAULT_DEMO_DOSSIERS } from '../src/modules/demo/service.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';

// `parindex demo` as a new user runs it: the whole province with its default 50,000 dossiers, the load timed, and a
// second run that changes nothing. (test/api/demo.test.ts checks each area against the rules with fewer dossiers.)
let ws: CliWorkspace;

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-demo-');
});
afterAll(() => ws?.close());

const counts = () =>
  ws.withDb(async ({ db }) => {
    const n = async (table: string) => (await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    return {
      dossiers: await n('dossiers'),
      letters: await n('apology_letters'),
      late: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from dossiers where timeliness = 'late'`))[0]!.n,
      publications: await n('publications'),
      openRounds: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from rounds where status = 'open'`))[0]!.n,
      procedures: await n('procedures'),
      evidence: await n('evidence'),
      audit: await n('audit_log'),
      scores: await n('scores'),
    };
  });

describe('parindex demo', { timeout: 900_000 }, () => {
  it('documents its options', () => {
    const help = helpOf(['demo']);
    expect(help).toContain('--dossiers <count>');
    expect(help).toContain('--years <years>');
  });

  it('loads the whole province with 50,000 dossiers, says how long it took, and a second run changes nothing', async () => {
    expect(DEFAULT_DEMO_DOSSIERS).toBe(50_000);
    const first = await ws.run(['demo']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/DEMO DATA/);
    expect(first.stdout).toMatch(/results published for \d{4}, \d{4}, \d{4}: 9 blocks newly published/);
    expect(first.stdout).toMatch(/3 opened \(6 units submitted, 4 appraised, 3 explanations asked, 2 answered\)/);
    expect(first.stdout).toContain('dossiers: 50000 newly imported');
    const seconds = Number(/Loaded in ([\d.]+) s/.exec(first.stdout)?.[1]);
    expect(seconds).toBeGreaterThan(0);
    console.log(`parindex demo (50,000 dossiers): ${first.stdout.split('\n').at(-2)}`);
    const loaded = await counts();
    expect(loaded).toMatchObject({ dossiers: 50_000, publications: 9, openRounds: 3 });
    expect(loaded.letters).toBeGreaterThan(0);
    expect(loaded.letters).toBeLessThanOrEqual(loaded.late);
    expect(loaded.evidence).toBeGreaterThan(0);

    const second = await ws.run(['demo']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 newly created');
    expect(second.stdout).toContain('dossiers: 0 newly imported; apology letters: 0 newly issued');
    expect(second.stdout).toContain('(already present)');
    expect(await counts()).toEqual(loaded);
  });
});
