import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.js';
import { procedures } from '../src/db/schema.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { getImportRun, INTERRUPTED_MESSAGE, listImportRuns } from '../src/modules/dossiers/runs.js';
import type { ImportRun } from '../src/modules/dossiers/schemas.js';
import { BIN, cliWorkspace, type CliWorkspace } from './helpers/cli.js';

let ws: CliWorkspace;

/** How far a process has read into a file it holds open (Linux: /proc/PID/fdinfo), or null while it has not opened it. */
function readOffset(pid: number, file: string): number | null {
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      let target = '';
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target === file) return Number(/^pos:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? 0);
    }
  } catch {
    // The process is gone or not started yet.
  }
  return null;
}
const withDb = <T>(fn: (database: Database) => Promise<T>) => ws.withDb(fn);
const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';

const state = () =>
  withDb(async ({ db }) => {
    const [row] = await queryRows<{ dossiers: number; monthly: number; overdue: number; codes: string | null }>(
      db,
      sql`select (select count(*)::int from dossiers) as dossiers, (select count(*)::int from dossier_monthly_rollups) as monthly,
                 (select count(*)::int from dossier_overdue_rollups) as overdue, (select string_agg(code, ',' order by code) from dossiers) as codes`,
    );
    return row!;
  });

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-dossiers-');
  const actor = systemActor('test:fixture');
  await withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2025 });
    const [{ id }] = (await queryRows<{ id: number }>(db, sql`select id from units where code = 'X1'`)) as [{ id: number }];
    await db.insert(procedures).values({
      code: 'P.002',
      name: 'Đăng ký khai sinh',
      searchKey: 'p.002',
      field: 'Hộ tịch',
      unitId: id,
      legalDays: 5,
      internalDays: 3,
      onlineLevel: 'full',
    });
  });
});
afterAll(() => ws?.close());

describe('parindex import dossiers', { timeout: 240_000 }, () => {
  it('imports a file and prints the counts; a rejected file exits 1, lists its lines and writes nothing', async () => {
    const good = path.join(ws.dir, 'good.csv');
    // Received Monday 17 March, 3 working days → due Thursday 20; resolved the 19th: early.
    fs.writeFileSync(good, `${HEADER}\nC1,X1,P.002,,online,2025-03-17T08:00,,2025-03-19T10:00,,resolved\nC2,X1,P.002,,direct,2025-03-18T08:00,,,,processing\n`);
    const first = await ws.run(['import', 'dossiers', good]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^dossiers imported \(run \d+\): 2 rows read, 2 inserted, 0 updated, 0 unchanged, 0 rejected\n$/);
    const again = await ws.run(['import', 'dossiers', good]);
    expect(again.stdout).toMatch(/2 rows read, 0 inserted, 0 updated, 2 unchanged, 0 rejected/);
    expect(await state()).toEqual({ dossiers: 2, monthly: 2, overdue: 1, codes: 'C1,C2' });

    const bad = path.join(ws.dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      `${HEADER}\r\nC3,X1,P.002,,online,2025-03-17T08:00,,,,received\r\nC4,X9,P.002,,online,2025-03-17,,,,received\r\nC3,X1,P.002,,online,2025-03-17,,,,received\r\n`,
    );
    const rejected = await ws.run(['import', 'dossiers', bad]);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toBe('');
    expect(rejected.stderr).toMatch(
      /^dossier import rejected \(run \d+\): 2 row\(s\) rejected of 3 read; nothing was written \(--skip-invalid loads the valid rows\)\n/,
    );
    expect(rejected.stderr).toContain('  line 3, column unit_code: unknown unit "X9"\n');
    expect(rejected.stderr).toContain('  line 4, column code: duplicate code "C3": already on line 2\n');
    expect(await state()).toEqual({ dossiers: 2, monthly: 2, overdue: 1, codes: 'C1,C2' });

    const skipped = await ws.run(['import', 'dossiers', bad, '--skip-invalid']);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toMatch(
      /3 rows read, 1 inserted, 0 updated, 0 unchanged, 2 rejected\n {2}line 3, column unit_code: unknown unit "X9"\n {2}line 4, column code/,
    );
    expect((await state()).codes).toBe('C1,C2,C3');

    const missing = await ws.run(['import', 'dossiers', path.join(ws.dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('File not found');
  });

  it('an import killed midway leaves the database as it was', async () => {
    const before = await state();
    const big = path.join(ws.dir, 'big.csv');
    const out = fs.createWriteStream(big);
    out.write(`${HEADER}\n`);
    for (let i = 0; i < 300_000; i++) out.write(`K${i},X1,P.002,,online,2025-03-17T08:00,,2025-03-19T10:00,,resolved\n`);
    await new Promise((resolve) => out.end(resolve));
    const child = spawn(process.execPath, [BIN, 'import', 'dossiers', big], {
      env: { ...ws.env, PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: 'pipe',
    });
    let closed = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (_code, signal) => {
        closed = true;
        resolve(signal ? -1 : _code);
      }),
    );
    // Kill it while it streams the file: once the kernel says a third of it has been read (the file offset of the
    // child's descriptor), and not after all of it — so the kill falls before the merge, whatever the machine's speed.
    const size = fs.statSync(big).size;
    let offset = 0;
    while (!closed && offset < size / 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      offset = readOffset(child.pid!, big) ?? 0;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(size);
    expect(await state()).toEqual(before);
    // The run it had recorded no longer says 'running' once its lock is gone (a server notices the dropped
    // connection within moments; PGlite's data folder starts with no locks held).
    let run: ImportRun | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      run = (await withDb(({ db }) => listImportRuns(db, { limit: 1, offset: 0 }))).items[0];
      if (run?.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(run).toMatchObject({ fileName: 'big.csv', status: 'failed' });
    expect((await withDb(({ db }) => getImportRun(db, run!.id))).errors).toEqual([
      { row: 0, code: 'dossier_import_interrupted', message: INTERRUPTED_MESSAGE },
    ]);
  });
});
