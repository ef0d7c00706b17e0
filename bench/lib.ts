import { createDatabase, dropDatabase } from '../src/db/admin.js';
import { type Database, openDatabase } from '../src/db/client.js';

/** A fresh database on the PostgreSQL server (DATABASE_URL, default the local one), dropped by `drop()`. */
export async function benchDatabase(prefix: string): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${process.pid}`;
  const url = await createDatabase(serverUrl, name);
  const database = await openDatabase({ kind: 'postgres', url });
  await database.migrate();
  return {
    database,
    url,
    async drop() {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
