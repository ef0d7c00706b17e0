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

/** What a bench may be asked for on its command line: numbers with a full and a small preset, flags, text values. */
export interface BenchSpec<N extends string> {
  /** The usage line(s) printed by --help and after a wrong option. */
  usage: string;
  /** Numeric options (`--name N`): the full-size default (what the documented figures were measured with), the
   *  `--size small` default (a few seconds, what CI runs), and optionally an environment variable read before them. */
  numbers: Record<N, { full: number; small: number; env?: string; min?: number }>;
  flags?: string[];
  strings?: string[];
}

/**
 * Parses `--size small|full` (default full; or BENCH_SIZE), the bench's numeric options (an explicit `--name N`, then its
 * environment variable, then the preset of the size), flags and text options. An unknown option or a bad value stops
 * the bench with its usage and exit code 2, so a CI line that no longer matches the bench fails instead of running
 * something else.
 */
export function benchOptions<N extends string>(spec: BenchSpec<N>, argv = process.argv.slice(2)) {
  const fail = (message: string): never => {
    console.error(`${message}\n${spec.usage}`);
    process.exit(2);
  };
  const given = new Map<string, string | true>();
  const flags = new Set(['help', ...(spec.flags ?? [])]);
  const valued = new Set(['size', ...Object.keys(spec.numbers), ...(spec.strings ?? [])]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unexpected argument: ${arg}`);
    const [, name, inline] = match!;
    if (flags.has(name!)) {
      if (inline !== undefined) fail(`--${name} takes no value`);
      given.set(name!, true);
    } else if (valued.has(name!)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) fail(`--${name} needs a value`);
      given.set(name!, value!);
    } else fail(`unknown option: ${arg}`);
  }
  if (given.has('help')) {
    console.log(spec.usage);
    process.exit(0);
  }
  const size = (given.get('size') as string | undefined) ?? process.env.BENCH_SIZE ?? 'full';
  if (size !== 'small' && size !== 'full') fail(`--size must be small or full, not ${size}`);
  const n = {} as Record<N, number>;
  for (const [name, preset] of Object.entries(spec.numbers) as [N, { full: number; small: number; env?: string; min?: number }][]) {
    const raw = (given.get(name) as string | undefined) ?? (preset.env ? process.env[preset.env] : undefined);
    const value = raw === undefined ? preset[size as 'small' | 'full'] : Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < (preset.min ?? 1)) fail(`--${name} needs an integer ≥ ${preset.min ?? 1}, not ${raw}`);
    n[name] = value;
  }
  return {
    size: size as 'small' | 'full',
    n,
    /** Whether the option was on the command line (not taken from a preset or the environment). */
    given: (name: string) => given.has(name),
    flag: (name: string) => given.get(name) === true,
    text: (name: string) => given.get(name) as string | undefined,
  };
}

/** Marks the run as failed (exit code 1 at the end) and says why: for checks of correctness, never for speed targets. */
export function benchFailure(message: string): void {
  console.error(`BENCH CHECK FAILED: ${message}`);
  process.exitCode = 1;
}

/** `p`-th percentile (nearest rank). */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
