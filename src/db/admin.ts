import pg from 'pg';

/**
 * Creating and dropping whole databases on a PostgreSQL server: for tests and benchmarks that each need a
 * fresh database. `name` must be a plain identifier (it cannot be a query parameter).
 */
function assertIdentifier(name: string) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
}

async function onServer(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates `name` on the server of `serverUrl` (dropping a leftover of the same name) and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  assertIdentifier(name);
  await onServer(serverUrl, `drop database if exists ${name} with (force)`);
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  await onServer(serverUrl, `drop database if exists ${name} with (force)`);
}
