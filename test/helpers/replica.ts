import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A real streaming replica of the test server's PostgreSQL (DATABASE_URL): `pg_basebackup -R` into a new cluster in
 * a temporary folder, started on a free port and streaming from the server. Needs the server's own binaries
 * (/usr/lib/postgresql/<major>/bin), a superuser in DATABASE_URL, and replication connections allowed from
 * 127.0.0.1: a missing pg_hba.conf line is added (and the configuration reloaded) when the file is writable, as in
 * CI; otherwise it says what to add. As root, the cluster runs as the `postgres` user (PostgreSQL refuses root).
 */
export interface Replica {
  port: number;
  /** `url` with the replica's port. */
  urlOf(url: string): string;
  query<T extends pg.QueryResultRow>(text: string, database?: string): Promise<T[]>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary had written when called. */
  waitCaughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const REPLICATION_RULE = 'host replication all 127.0.0.1/32 trust';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A TCP port nothing listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function allowReplication(primaryUrl: string): Promise<void> {
  await withClient(primaryUrl, async (client) => {
    const rules = await client.query<{ n: number }>(`select count(*)::int as n from pg_hba_file_rules where 'replication' = any(database) and error is null`);
    if (rules.rows[0]!.n > 0) return;
    const hbaFile = (await client.query<{ hba_file: string }>('show hba_file')).rows[0]!.hba_file;
    try {
      fs.accessSync(hbaFile, fs.constants.W_OK);
    } catch {
      throw new Error(`replication connections are not allowed by ${hbaFile}: add "${REPLICATION_RULE}" and reload PostgreSQL`);
    }
    fs.appendFileSync(hbaFile, `\n# added by parindex's replica test (test/helpers/replica.ts)\n${REPLICATION_RULE}\n`);
    await client.query('select pg_reload_conf()');
  });
}

export async function startReplica(primaryUrl: string): Promise<Replica> {
  await allowReplication(primaryUrl);
  const major = await withClient(primaryUrl, async (c) => Math.floor(Number((await c.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10000));
  const bin = (name: string) => {
    const own = `/usr/lib/postgresql/${major}/bin/${name}`;
    return fs.existsSync(own) ? own : name;
  };
  const primary = new URL(primaryUrl);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-replica-'));
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | null = null;
  if (asRoot) {
    owner = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
    fs.chownSync(dir, owner.uid, owner.gid);
  }
  fs.chmodSync(dir, 0o700);
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe', timeout: 120_000 });
  const writeOwned = (file: string, text: string) => {
    fs.writeFileSync(path.join(dir, file), text);
    if (owner) fs.chownSync(path.join(dir, file), owner.uid, owner.gid);
  };
  const stop = () => {
    try {
      run(bin('pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(bin('pg_basebackup'), [
      '-h',
      primary.hostname,
      '-p',
      primary.port || '5432',
      '-U',
      decodeURIComponent(primary.username || 'postgres'),
      '-D',
      dir,
      '-X',
      'stream',
      '-R',
      '-c',
      'fast',
      '--no-sync',
    ]);
    // Debian keeps a cluster's configuration outside its data folder: the replica gets its own, minimal one.
    writeOwned(
      'postgresql.conf',
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'hot_standby = on',
        'fsync = off',
        'wal_receiver_status_interval = 1s',
        '',
      ].join('\n'),
    );
    writeOwned('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    writeOwned('pg_ident.conf', '');
    run(bin('pg_ctl'), ['-D', dir, '-l', path.join(dir, 'replica.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'replica.log')) ? fs.readFileSync(path.join(dir, 'replica.log'), 'utf8').slice(-2000) : '';
    stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start a replica: ${(error as Error).message}\n${stderr}\n${log}`, { cause: error });
  }

  const urlOf = (url: string) => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const replicaAdmin = urlOf(primaryUrl);
  const query = async <T extends pg.QueryResultRow>(text: string, database?: string) => {
    const u = new URL(replicaAdmin);
    if (database) u.pathname = `/${database}`;
    return withClient(u.toString(), async (c) => (await c.query<T>(text)).rows);
  };
  return {
    port,
    urlOf,
    query,
    pauseReplay: async () => void (await query('select pg_wal_replay_pause()')),
    resumeReplay: async () => void (await query('select pg_wal_replay_resume()')),
    async waitCaughtUp(timeoutMs = 15_000) {
      const target = await withClient(primaryUrl, async (c) => (await c.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await query<{ done: boolean }>(`select pg_last_wal_replay_lsn() >= '${target}'::pg_lsn as done`);
        if (row?.done) return;
        if (Date.now() > deadline) throw new Error(`the replica did not reach ${target} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: async () => stop(),
  };
}
