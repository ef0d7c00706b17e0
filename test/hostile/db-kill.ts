import pg from 'pg';

/**
 * An administrator's connection to the PostgreSQL server of a test database (through the server URL of
 * DATABASE_URL, i.e. another database), used to pull the test database out from under the app: terminate every
 * backend connected to it, or refuse new connections for a while.
 */
export class DatabaseKiller {
  private constructor(
    private readonly admin: pg.Client,
    readonly databaseName: string,
  ) {}

  static async open(serverUrl: string, testDatabaseUrl: string): Promise<DatabaseKiller> {
    const admin = new pg.Client({ connectionString: serverUrl });
    // This connection is not on the test database and is never terminated; a listener keeps a surprise visible.
    admin.on('error', (error) => console.error('db-kill admin connection error', error));
    await admin.connect();
    return new DatabaseKiller(admin, decodeURIComponent(new URL(testDatabaseUrl).pathname.slice(1)));
  }

  /** Terminates every backend of the test database; returns how many were terminated. */
  async terminateAll(): Promise<number> {
    const result = await this.admin.query<{ killed: boolean }>(
      'select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [this.databaseName],
    );
    return result.rows.filter((r) => r.killed).length;
  }

  /** Backends of the test database now connected. */
  async backends(): Promise<number> {
    const result = await this.admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [this.databaseName]);
    return result.rows[0]!.n;
  }

  /** `allow_connections false` refuses every new connection to the test database (the "database is down" case). */
  async allowConnections(allow: boolean): Promise<void> {
    await this.admin.query(`alter database "${this.databaseName.replaceAll('"', '""')}" allow_connections ${allow ? 'true' : 'false'}`);
  }

  async close(): Promise<void> {
    await this.admin.end();
  }
}

/**
 * A CSV file uploaded to POST /api/v1/dossiers/imports as a stream the test feeds chunk by chunk, so that the
 * import is still reading (and holding its connection) when the test kills the backends.
 */
export function streamedUpload(baseUrl: string, session: { cookie: string; csrfToken: string }, fileName: string) {
  const boundary = `----parindex-kill-${Date.now()}`;
  let push!: (chunk: string | null) => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (chunk) => (chunk === null ? controller.close() : controller.enqueue(new Uint8Array(Buffer.from(chunk))));
    },
  });
  const response = fetch(`${baseUrl}/api/v1/dossiers/imports`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  } as RequestInit & { duplex: 'half' }).then(async (res) => ({ status: res.status, headers: res.headers, body: (await res.json()) as any }));
  return {
    response,
    begin(header: string) {
      push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${header}\n`);
    },
    write(text: string) {
      push(text);
    },
    end() {
      push(`\r\n--${boundary}--\r\n`);
      push(null);
    },
  };
}
