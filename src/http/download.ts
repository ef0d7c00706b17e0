import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

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
