import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.js';
import { cliWorkspace, type CliWorkspace, helpOf, runCli } from './helpers/cli.js';
import { lockDataDir } from '../src/db/data-dir-lock.js';
import { verifyPassword } from '../src/modules/auth/passwords.js';
import { DEMO_COMMUNES, DEMO_DEPARTMENTS, DEMO_DISTRICTS, DEMO_PASSWORD, DEMO_USERS } from '../src/modules/demo/province.js';

let ws: CliWorkspace;
let workDir: string;
let env: Record<string, string | undefined>;
const run = (args: string[], runEnv: Record<string, string | undefined>, stdin?: string) => runCli(args, runEnv, stdin);
const withDb = <T>(fn: (database: Database) => Promise<T>) => ws.withDb(fn);

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-');
  workDir = ws.dir;
  env = ws.env;
});
afterAll(() => ws?.close());

describe('parindex command', { timeout: 180_000 }, () => {
  it('prints help for every command', async () => {
    const commands = [['serve'], ['migrate'], ['user', 'add'], ['demo'], ['import', 'units'], ['import', 'blocks'], ['export', 'units']];
    for (const command of commands) expect(helpOf(command), command.join(' ')).toContain(`Usage: parindex ${command.join(' ')}`);
    expect(helpOf(['user', 'add'])).toContain('--password-stdin');
    expect(helpOf(['import', 'units'])).toContain('code,name,block,parent_code');
    // The installed binary itself.
    const root = await run(['--help'], env);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Usage: parindex');
    for (const command of ['serve', 'migrate', 'user', 'demo', 'import', 'export']) expect(root.stdout).toContain(command);
  });

  it('loads the demo province and exports its units', async () => {
    const demo = await run(['demo', '--years', '2024,2025'], env);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/DEMO DATA/);
    const expectedUnits = DEMO_DEPARTMENTS.length + DEMO_DISTRICTS.length + DEMO_COMMUNES.length;
    expect(demo.stdout).toContain(`${expectedUnits} units`);

    const exported = await run(['export', 'units', '--year', '2025'], env);
    expect(exported.code).toBe(0);
    const [header, ...rows] = parse(exported.stdout) as string[][];
    expect(header).toEqual(['code', 'name', 'block', 'parent_code']);
    expect(rows).toHaveLength(expectedUnits);
    const countBlock = (b: string) => rows.filter((r) => r[2] === b).length;
    expect([countBlock('SO'), countBlock('HUYEN'), countBlock('XA')]).toEqual([21, 8, 60]);
    expect(rows.find((r) => r[0] === 'X001')).toEqual(['X001', 'Phường An Bình', 'XA', 'H_TPMH']);
    // A second run changes nothing and says so.
    const again = await run(['demo', '--years', '2024,2025'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 newly created');
    await withDb(async ({ db }) => {
      const users = await queryRows<{ username: string; role: string; password_hash: string }>(
        db,
        sql`select username, role, password_hash from users order by username`,
      );
      expect(users.map((u) => u.username)).toEqual(DEMO_USERS.map((u) => u.username).sort());
      expect(await verifyPassword(users[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
      const memberships = await queryRows<{ year: number; n: number }>(
        db,
        sql`select year, count(*)::int as n from unit_memberships group by year order by year`,
      );
      expect(memberships).toEqual([
        { year: 2024, n: expectedUnits },
        { year: 2025, n: expectedUnits },
      ]);
    });
  });

  it('rejects a bad import file on stderr with the row, a non-zero exit, and writes nothing', async () => {
    const file = path.join(workDir, 'bad-units.csv');
    fs.writeFileSync(file, 'code,name,block,parent_code\nNEW1,Xã Mới,XA,H_ANPHU\nNEW2,Xã Mới 2,XA,ZZZ\n');
    const before = await withDb(({ db }) => queryRows<{ n: number }>(db, sql`select count(*)::int as n from units`));
    const result = await run(['import', 'units', file, '--year', '2025'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('row 3, column parent_code: unknown parent unit ZZZ');
    const after = await withDb(({ db }) => queryRows<{ n: number }>(db, sql`select count(*)::int as n from units`));
    expect(after).toEqual(before);
  });

  it('imports a good file and reports what changed', async () => {
    const file = path.join(workDir, 'units.csv');
    fs.writeFileSync(file, 'code,name,block,parent_code\r\nNEW1,"Xã Mới, Một",XA,H_ANPHU\r\nQUANG,Ban mới,KHOI_MOI,\r\n');
    const result = await run(['import', 'units', file, '--year', '2025'], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('units imported for 2025: 2 created, 0 updated, 1 blocks created\n');
    const missing = await run(['import', 'units', path.join(workDir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('File not found');
  });

  it('adds a user with the password from standard input', async () => {
    const added = await run(
      ['user', 'add', '--username', 'Chuyen.Vien', '--password-stdin', '--role', 'unit_officer', '--unit', 'SCT'],
      env,
      'mat-khau-rat-dai\n',
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('created user chuyen.vien (unit_officer, SCT)\n');
    await withDb(async ({ db }) => {
      const [row] = await queryRows<{ password_hash: string; must_change_password: boolean }>(
        db,
        sql`select password_hash, must_change_password from users where username = 'chuyen.vien'`,
      );
      expect(await verifyPassword(row!.password_hash, 'mat-khau-rat-dai')).toBe(true);
      expect(row!.must_change_password).toBe(false);
    });
    const noUnit = await run(['user', 'add', '--username', 'x.y', '--password-stdin', '--role', 'unit_leader'], env, 'long-enough-pw');
    expect(noUnit.code).toBe(1);
    expect(noUnit.stderr).toContain('unitCode: required for role unit leader');
    const short = await run(['user', 'add', '--username', 'x.z', '--password-stdin', '--role', 'viewer'], env, 'short');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    const badRole = await run(['user', 'add', '--username', 'x.w', '--password-stdin', '--role', 'king'], env, 'long-enough-pw');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/Allowed choices are admin, unit_officer/);
  });

  it('refuses to open a PGlite data folder that another process holds', async () => {
    const dataDir = path.join(workDir, 'locked');
    const release = lockDataDir(dataDir);
    try {
      const result = await run(['migrate'], { PARINDEX_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PARINDEX_LANG: 'vi' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`lỗi: Thư mục dữ liệu ${dataDir} đang được một tiến trình parindex khác sử dụng (pid ${process.pid})`);
      const english = await run(['--lang', 'en', 'migrate'], { PARINDEX_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      expect(english.code).toBe(1);
      expect(english.stderr).toContain(`error: The data folder ${dataDir} is in use by another parindex process (pid ${process.pid})`);
    } finally {
      release();
    }
    const free = await run(['migrate'], { PARINDEX_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(free.stderr).toBe('');
    // Every migration in the journal, the last one being the version.
    const journal = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../src/db/migrations/meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    expect(free.stdout).toBe(`pglite: ${journal.entries.length} migrations applied, version ${journal.entries.at(-1)!.tag}\n`);
  });

  it('reports bad configuration clearly', async () => {
    const result = await run(['migrate'], { DATABASE_URL: 'mysql://nope', PARINDEX_DATA_DIR: path.join(workDir, 'x') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must start with postgres://');
  });
});
