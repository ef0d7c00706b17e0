/** A server for bench/ranking-api.ts in its own process: `app` (parindex on DATABASE_URL) or `bare` (one Fastify route). */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { buildApp } from '../src/http/app.js';

const mode = process.argv[2];
let port: number;
if (mode === 'bare') {
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  // The same answer as the ranking, gzip-compressed once, from memory: what sending it costs with no work at all.
  const same = process.env.BENCH_PAYLOAD_FILE ? (await import('node:fs')).readFileSync(process.env.BENCH_PAYLOAD_FILE, 'utf8') : '{}';
  const sameGzip = (await import('node:zlib')).gzipSync(same, { level: 6 });
  bare.get('/bare-same-size', async (_request, reply) => reply.type('application/json; charset=utf-8').header('content-encoding', 'gzip').send(sameGzip));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  port = (bare.server.address() as { port: number }).port;
} else {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  if (config.database.kind !== 'postgres') throw new Error('DATABASE_URL is required');
  const database = await openDatabase(config.database);
  const app = await buildApp({ config, database }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
}
process.stdout.write(`listening ${port}\n`);
// A signal ends the process normally, so `--cpu-prof` (BENCH_CPU_PROF in bench/survey-submit.ts) writes its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
