import { Readable } from 'node:stream';
import type { MultipartFields, MultipartFile, Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, failWith, reasonText } from '../errors.js';
import { reasons as ioReasons } from '../io/reasons.js';
import { commonReasons } from '../reasons.js';

const fail = failWith(ioReasons);

/** The multipart field every upload route reads its file from. */
export const FILE_FIELD = 'file';

declare module 'fastify' {
  interface FastifyInstance {
    /** UPLOAD_LIMIT_BYTES, the default limit of `receiveFile` and `readUploadedFile` (set in buildApp). */
    uploadLimitBytes: number;
  }
}

export interface ReceiveOptions {
  /** The largest file accepted; default UPLOAD_LIMIT_BYTES. */
  limitBytes?: number;
  /** The setting that sets the limit, named in the 413 message (default UPLOAD_LIMIT_BYTES). */
  setting?: string;
}

export interface ReceivedFile {
  /** The name the client gave, without NUL and other control characters ('' when none). */
  filename: string;
  /** The form fields sent before the file part (later fields are not read yet). */
  fields: MultipartFields;
  /**
   * The bytes of the file. The stream fails, rather than ending early, with `payload_too_large` when the file is
   * over the limit (busboy only cuts it), and with `bad_request` when the body is malformed (truncated, wrong
   * boundary) or when another file part follows, so a consumer never takes a cut or partial file for a whole one.
   */
  stream: Readable;
}

const quote = (value: string, max = 100) => JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const CONTROL = /[\u0000-\u001f\u007f]/g;

function tooLarge(limitBytes: number, setting: string): AppError {
  return fail('upload_too_large', { limitBytes, setting }, { limitBytes });
}

const oneFileOnly = () => fail('upload_one_file_only', { field: FILE_FIELD });

/**
 * An error of the multipart parser as a client error. @fastify/multipart's own errors keep their code (the
 * central handler maps them: a files limit is a second file here); busboy's parse errors ("Unexpected end of
 * form", "Malformed part header"…) carry no code: everything else thrown while parsing the body is the body's fault.
 */
function asClientError(error: unknown, limitBytes: number, setting: string): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_FILES_LIMIT') return oneFileOnly();
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(limitBytes, setting);
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  const message = error instanceof Error ? error.message : String(error);
  return fail('upload_malformed', { detail: message.slice(0, 100) });
}

function hasBoundary(contentType: string | undefined): boolean {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return !!match && (match[1] ?? match[2] ?? '').length > 0;
}

/**
 * Receives the one file of a multipart/form-data upload, in the field `file`, within the limit. Refused:
 * not multipart (415), no boundary or a malformed body (400 bad_request), no file (400 validation_failed,
 * issue `file`), a file in another field or a text value in `file` (400, naming the field), a second file (400),
 * a file over the limit (413 payload_too_large, from the stream, so nothing cut is ever stored or imported).
 */
export async function receiveFile(request: FastifyRequest, options: ReceiveOptions = {}): Promise<ReceivedFile> {
  if (!request.isMultipart()) {
    throw fail('upload_not_multipart', { field: FILE_FIELD });
  }
  if (!hasBoundary(request.headers['content-type'])) {
    throw fail('upload_no_boundary');
  }
  const limitBytes = options.limitBytes ?? request.server.uploadLimitBytes;
  const setting = options.setting ?? 'UPLOAD_LIMIT_BYTES';
  const parts = request.parts({ limits: { fileSize: limitBytes } })[Symbol.asyncIterator]();
  const next = async (): Promise<IteratorResult<Multipart>> => {
    try {
      return await parts.next();
    } catch (error) {
      throw asClientError(error, limitBytes, setting);
    }
  };

  let file: MultipartFile | undefined;
  for (let step = await next(); !step.done; step = await next()) {
    const part = step.value;
    if (part.type === 'file') {
      if (part.fieldname !== FILE_FIELD) {
        part.file.resume();
        throw fail(
          'upload_wrong_field',
          { field: FILE_FIELD, given: quote(part.fieldname) },
          { issues: [{ path: FILE_FIELD, ...reasonText(commonReasons, 'required') }] },
        );
      }
      file = part;
      break;
    }
    if (part.fieldname === FILE_FIELD) {
      throw fail('upload_field_not_file', { field: FILE_FIELD });
    }
  }
  if (!file) throw fail('upload_no_file', undefined, { issues: [{ path: FILE_FIELD, ...reasonText(commonReasons, 'required') }] });

  const source = file.file;
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        if (source.truncated) throw tooLarge(limitBytes, setting);
        yield chunk as Buffer;
      }
    } catch (error) {
      throw asClientError(error, limitBytes, setting);
    }
    if (source.truncated) throw tooLarge(limitBytes, setting);
    // The rest of the form: text fields may follow, another file may not.
    for (let step = await next(); !step.done; step = await next()) {
      if (step.value.type === 'file') {
        step.value.file.resume();
        throw oneFileOnly();
      }
    }
  }
  return { filename: file.filename.replace(CONTROL, ''), fields: file.fields, stream: Readable.from(bytes(), { objectMode: false }) };
}

/** Reads the one file of a multipart upload (field `file`) into memory, within the upload limit; see receiveFile. */
export async function readUploadedFile(request: FastifyRequest, options: ReceiveOptions = {}): Promise<{ filename: string; buffer: Buffer }> {
  const { filename, stream } = await receiveFile(request, options);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { filename, buffer: Buffer.concat(chunks) };
}
