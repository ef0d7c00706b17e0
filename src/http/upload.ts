import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** Reads the one file of a multipart upload (field `file`) into memory, within the upload limit. */
export async function readUploadedFile(request: FastifyRequest): Promise<{ filename: string; buffer: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data in a field named "file"');
  }
  const part = await request.file();
  if (!part) {
    throw new AppError('validation_failed', 'No file was sent', { issues: [{ path: 'file', message: 'required' }] });
  }
  const buffer = await part.toBuffer();
  return { filename: part.filename, buffer };
}
