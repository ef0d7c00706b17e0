import type { FastifyReply } from 'fastify';

/**
 * Sends JSON that was serialized earlier (e.g. a frozen, cached publication). Fastify sends strings as they are,
 * so the route's response schema only documents the shape here; the object was built from the same types.
 */
export function sendJsonText(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json as never);
}
