import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** A Content-Disposition header value for a download: an ASCII fallback and the exact UTF-8 name (RFC 6266). */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // A plain ASCII name needs nothing more; any other also goes exactly, UTF-8 encoded.
  if (ascii === fileName) return `${disposition}; filename="${ascii}"`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends a file to download under `fileName` (Vietnamese names kept for browsers that read filename*). */
export function sendDownload(reply: FastifyReply, fileName: string, contentType: string, body: Buffer | Readable) {
  return reply.header('content-type', contentType).header('content-disposition', contentDisposition(fileName)).send(body);
}

export const MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  any: 'application/octet-stream',
} as const;

/**
 * The response schema of a download route: the file's media types, each a binary string in the OpenAPI document.
 * Fastify sends a Buffer or a stream as it is, so nothing is serialized against it.
 */
export function fileResponse(description: string, ...kinds: (keyof typeof MEDIA_TYPES)[]) {
  const binary = z.string().meta({ format: 'binary' });
  return { 200: { description, content: Object.fromEntries(kinds.map((kind) => [MEDIA_TYPES[kind], { schema: binary }])) } };
}

/** The response schema of a route that answers 204 with no body. */
export const noContent = { 204: z.null().describe('No content') };
