import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { cliWorkspace, type CliWorkspace, runCli } from './helpers/cli.js';

/** `parindex user add` parses its options with the schema of POST /api/v1/users: it refuses what the API refuses. */

let ws: CliWorkspace;

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-users-');
});
afterAll(() => ws?.close());

describe('parindex user add', { timeout: 120_000 }, () => {
  it('refuses a username the API refuses, naming the field and the reason, and writes nothing', async () => {
    const bad = await ws.run(['user', 'add', '--username', 'bad name!', '--password-stdin', '--role', 'viewer'], 'long-enough-pw');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('username: letters, digits, . _ - only');
    const short = await ws.run(['user', 'add', '--username', 'ab', '--password-stdin', '--role', 'viewer'], 'long-enough-pw');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('username: must have at least 3 characters');
    const inVi = await runCli(
      ['user', 'add', '--username', 'bad name!', '--password-stdin', '--role', 'viewer'],
      { ...ws.env, PARINDEX_LANG: 'vi' },
      'long-enough-pw',
    );
    expect(inVi.code).toBe(1);
    expect(inVi.stderr).toContain('username: chỉ gồm chữ cái không dấu, chữ số và . _ -');
    expect(inVi.stderr).not.toContain('letters, digits');
    await ws.withDb(async ({ db }) => {
      expect(await queryRows(db, sql`select username from users`)).toEqual([]);
    });
  });

  it('accepts what the API accepts, and the service refuses the same taken username', async () => {
    const added = await ws.run(['user', 'add', '--username', 'Good.Name', '--password-stdin', '--role', 'viewer'], 'long-enough-pw\n');
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('created user good.name (viewer)\n');
    const again = await ws.run(['user', 'add', '--username', 'GOOD.name', '--password-stdin', '--role', 'viewer'], 'long-enough-pw\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Username good.name is already taken');
  });
});
