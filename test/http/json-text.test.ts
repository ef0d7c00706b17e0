import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendJsonText } from '../../src/http/json-text.js';

describe('sendJsonText', () => {
  const big = JSON.stringify({ units: Array.from({ length: 300 }, (_, i) => ({ unitCode: `X${i}`, unitName: `Xã số ${i}`, index: 50 + (i % 50) })) });
  const small = JSON.stringify({ ok: true });

  async function app() {
    const fastify = Fastify({ logger: false });
    fastify.get('/big', async (_request, reply) => sendJsonText(reply, big));
    fastify.get('/small', async (_request, reply) => sendJsonText(reply, small));
    await fastify.ready();
    return fastify;
  }

  it('sends a large answer gzip-compressed when the client accepts gzip, and the bytes decode to the same JSON', async () => {
    const fastify = await app();
    const zipped = await fastify.inject({ method: 'GET', url: '/big', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('accept-encoding');
    expect(zipped.rawPayload.length).toBeLessThan(big.length / 4);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(big);
    const again = await fastify.inject({ method: 'GET', url: '/big', headers: { 'accept-encoding': 'gzip' } });
    expect(again.rawPayload.equals(zipped.rawPayload)).toBe(true);
    await fastify.close();
  });

  it('sends it plain to a client that does not accept gzip, and never compresses a small answer', async () => {
    const fastify = await app();
    const plain = await fastify.inject({ method: 'GET', url: '/big' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(big);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    const tiny = await fastify.inject({ method: 'GET', url: '/small', headers: { 'accept-encoding': 'gzip' } });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.json()).toEqual({ ok: true });
    await fastify.close();
  });
});
