import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { expect } from 'vitest';
import { buildCli } from '../../src/cli/main.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { openTestDatabase, type TestDatabase } from './database.js';

export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'parindex.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `parindex` binary in a child process with only the given environment. */
export function runCli(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // English messages unless a test asks for Vietnamese (the command's default) with PARINDEX_LANG: 'vi'.
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PARINDEX_LANG: 'en', ...env, PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * A place for CLI tests: a temporary data folder (PGlite), or with DATABASE_URL a fresh database on the server.
 * `withDb` opens the same database from the test while no command runs.
 */
export interface CliWorkspace {
  dir: string;
  env: Record<string, string | undefined>;
  run(args: string[], stdin?: string): Promise<CliRun>;
  withDb<T>(fn: (database: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function cliWorkspace(prefix: string): Promise<CliWorkspace> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env: Record<string, string | undefined> = { PARINDEX_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', PARINDEX_LANG: 'en' };
  let serverDb: TestDatabase | null = null;
  if (process.env.DATABASE_URL) {
    serverDb = await openTestDatabase();
    env.DATABASE_URL = serverDb.url!;
  }
  return {
    dir,
    env,
    run: (args, stdin) => runCli(args, env, stdin),
    async withDb(fn) {
      if (serverDb) return fn(serverDb.database);
      const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'data', 'pglite') });
      try {
        await database.migrate();
        return await fn(database);
      } finally {
        await database.close();
      }
    },
    async close() {
      await serverDb?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The help text of a command, from the same program the binary runs, without a child process. */
export function helpOf(args: string[]): string {
  let out = '';
  const program = buildCli().exitOverride();
  const capture = (cmd: Command) => {
    cmd.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (out += text) }).exitOverride();
    cmd.commands.forEach(capture);
  };
  capture(program);
  expect(() => program.parse(['node', 'parindex', ...args, '--help'])).toThrow(expect.objectContaining({ exitCode: 0 }));
  return out;
}
