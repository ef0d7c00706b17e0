import { gzipSync } from 'node:zlib';
import type { FastifyReply } from 'fastify';

/** Compressed copies of recent answers; published answers are the same string each time, so they compress once. */
const gzipped = new Map<string, Buffer>();
const GZIP_CACHE_LIMIT = 100;
const GZIP_MIN_BYTES = 8 * 1024;

function gzipOf(json: string): Buffer {
  let buffer = gzipped.get(json);
  if (!buffer) {
    buffer = gzipSync(json, { level: 6 });
    if (gzipped.size >= GZIP_CACHE_LIMIT) gzipped.delete(gzipped.keys().next().value!);
    gzipped.set(json, buffer);
  }
  return buffer;
}

/**
 * Sends JSON that was serialized earlier (e.g. a frozen, cached publication). Fastify sends strings as they are,
 * so the route's response schema only documents the shape here; the object was built from the same types.
 * Large answers go gzip-compressed to clients that accept it (every browser does): a block's ranking shrinks
 * about tenfold, which matters on a commune's connection.
 */
export function sendJsonText(reply: FastifyReply, json: string) {
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  const accepts = String(reply.request.headers['accept-encoding'] ?? '');
  if (json.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(accepts)) {
    return reply.header('content-encoding', 'gzip').send(gzipOf(json));
  }
  return reply.send(json as never);
}
