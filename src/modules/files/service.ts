import type { Readable } from 'node:stream';
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { type DbOrTx, inTransaction } from '../../db/client.js';
import { evidence, files, users } from '../../db/schema.js';
import { fail, invalid } from './reasons.js';
import type { Evidence } from './schemas.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { type DetectedType, detectFileType, EXTENSION_ALIASES, extensionOf, SampleCollector, sampleOf } from './detect.js';
import { chunksOf, type FileInput, type FileStore, isSha256, tooLarge } from './storage.js';

// ---------------------------------------------------------------------------------------------------------
// File names
// ---------------------------------------------------------------------------------------------------------

export const MAX_FILE_NAME_LENGTH = 200;

/** Characters Windows refuses in a file name; removed so a downloaded file keeps its name there too. */
const RESERVED = /[<>:"|?*]/g;
/** Control, format (including bidirectional overrides that disguise `gpj.exe` as `exe.jpg`), line and paragraph separators, lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** Cuts a string to at most `max` UTF-16 units without splitting a character. */
function cut(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

function splitExtension(name: string): { stem: string; extension: string | null } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: null };
  const extension = name.slice(dot + 1);
  if (!/^[\p{L}\p{N}]{1,16}$/u.test(extension)) return { stem: name, extension: null };
  return { stem: name.slice(0, dot), extension };
}

/** Joins stem and extension within the length limit, shortening the stem rather than the extension. */
function joinWithin(stem: string, extension: string | null): string {
  if (extension === null) return cut(stem, MAX_FILE_NAME_LENGTH).trimEnd();
  const room = MAX_FILE_NAME_LENGTH - extension.length - 1;
  return `${cut(stem, room).replace(/[.\s]+$/, '')}.${extension}`;
}

/**
 * A file name safe to store and to offer back as a download name: Unicode NFC (so "ộ" typed on a Mac equals
 * "ộ" typed on Windows), the last path segment only, no control or invisible characters, no characters
 * Windows forbids, single spaces, no leading dots, no trailing dots or spaces, at most 200 characters with
 * the extension kept. Vietnamese letters are kept as they are. Returns '' when nothing is left.
 */
export function sanitizeFileName(raw: string): string {
  const spaced = raw.normalize('NFC').replace(/[\t\n\r\v\f\p{Zs}]/gu, ' ');
  const segments = spaced.split(/[\\/]/).filter((s) => s.trim() !== '');
  const name = (segments.at(-1) ?? '')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '')
    .replace(/ {2,}/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name.length <= MAX_FILE_NAME_LENGTH) return name;
  const { stem, extension } = splitExtension(name);
  return joinWithin(stem, extension);
}

/**
 * The name an evidence file is kept under: sanitized, and ending in an extension of its real type (a PDF
 * sent as `report.exe` is kept as `report.exe.pdf`, so nobody downloads it as a program).
 */
export function evidenceFileName(raw: string, type: { extension: string }): string {
  const name = sanitizeFileName(raw) || `file.${type.extension}`;
  const { extension } = splitExtension(name);
  const accepted = EXTENSION_ALIASES[type.extension] ?? [type.extension];
  if (extension && accepted.includes(extension.toLowerCase())) return name;
  return joinWithin(name, type.extension);
}

export { contentDisposition } from '../../http/download.js';

// ---------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------

export interface FileMeta {
  sha256: string;
  size: number;
  mediaType: string;
  /** The usual extension of the media type, without a dot. */
  extension: string;
}

export interface UploadedFile extends FileMeta {
  /** The sanitized name, ending in an extension of the real type. */
  fileName: string;
  /** False when the same content was already stored (by anyone). */
  created: boolean;
}

export interface UploadInput {
  /** The bytes: a stream (e.g. a multipart file part) or a buffer. */
  stream: FileInput;
  /** The name the client gave; used only as a display and download name, never to decide the type. */
  fileName: string;
  limitBytes: number;
}

const metaOf = (row: { sha256: string; size: number; mediaType: string }): FileMeta => ({
  sha256: row.sha256,
  size: row.size,
  mediaType: row.mediaType,
  extension: extensionOf(row.mediaType) ?? 'bin',
});

/** Puts the content into the store only if its type is allowed: detection runs before the store commits. */
function putDetected(store: FileStore, source: FileInput, limitBytes: number, onType: (type: DetectedType) => void) {
  if (source instanceof Uint8Array) {
    const content = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return store.put(content, { limitBytes, beforeCommit: () => onType(detectFileType(sampleOf(content))) });
  }
  // The sample (head and a bounded tail) is taken as the bytes stream past, so nothing is read twice.
  const collector = new SampleCollector();
  async function* observed() {
    for await (const chunk of chunksOf(source)) {
      collector.add(chunk);
      yield chunk;
    }
  }
  return store.put(observed(), {
    limitBytes,
    beforeCommit: () => {
      // A multipart file part that reached busboy's fileSize limit ends early, marked `truncated`: never keep it.
      if ((source as { truncated?: boolean }).truncated) throw tooLarge(limitBytes);
      onType(detectFileType(collector.sample()));
    },
  });
}

/**
 * Streams an upload into the store, within `limitBytes`, and keeps it only if its content is an allowed type.
 * The bytes are committed to the store before the `files` row is written, so a row never points at missing
 * bytes (a crash in between leaves at worst an unreferenced file, which is harmless). The same content
 * uploaded again is stored once and keeps one row. The first upload of a content is audited (`file`, `create`).
 */
export async function storeUpload(db: DbOrTx, store: FileStore, actor: Actor, input: UploadInput): Promise<UploadedFile> {
  let detected: DetectedType | undefined;
  const stored = await putDetected(store, input.stream, input.limitBytes, (type) => (detected = type));
  const type = detected!;
  const fileName = evidenceFileName(input.fileName, type);
  const created = await inTransaction(db, async (tx) => {
    const inserted = await tx
      .insert(files)
      .values({ sha256: stored.sha256, size: stored.size, mediaType: type.mediaType })
      .onConflictDoNothing({ target: files.sha256 })
      .returning({ sha256: files.sha256 });
    if (inserted.length === 0) return false;
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'file',
      entityId: stored.sha256,
      after: { sha256: stored.sha256, size: stored.size, mediaType: type.mediaType, fileName },
    });
    return true;
  });
  return { sha256: stored.sha256, size: stored.size, mediaType: type.mediaType, extension: type.extension, fileName, created };
}

export async function findFile(db: DbOrTx, sha256: string): Promise<FileMeta | null> {
  if (!isSha256(sha256)) return null;
  const [row] = await db.select({ sha256: files.sha256, size: files.size, mediaType: files.mediaType }).from(files).where(eq(files.sha256, sha256));
  return row ? metaOf(row) : null;
}

/** A stored file's metadata and its content as a stream; `not_found` when unknown. */
export async function openFile(db: DbOrTx, store: FileStore, sha256: string): Promise<FileMeta & { stream: Readable }> {
  const meta = await findFile(db, sha256);
  if (!meta) throw fail('stored_file_not_found', { sha256 });
  const stream = await store.open(meta.sha256);
  return { ...meta, stream };
}

// ---------------------------------------------------------------------------------------------------------
// Evidence: a stored file attached to a criterion of a unit in a round. The assessments module owns the
// routes, the deadlines and who may attach or see what; these functions keep the rows and their audit.
// ---------------------------------------------------------------------------------------------------------

export interface EvidenceScope {
  roundId: number;
  unitId: number;
  criterionId: number;
}

export interface AttachEvidenceInput extends EvidenceScope {
  sha256: string;
  fileName: string;
  /** The moment of the upload by the server's clock (default: the database's now). */
  uploadedAt?: Date;
}

function checkIds(input: Partial<EvidenceScope>) {
  for (const key of ['roundId', 'unitId', 'criterionId'] as const) {
    const value = input[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) throw invalid(key, 'evidence_id_not_positive');
  }
}

async function selectEvidence(db: DbOrTx, where: SQL | undefined): Promise<Evidence[]> {
  const rows = await db
    .select({
      id: evidence.id,
      roundId: evidence.roundId,
      unitId: evidence.unitId,
      criterionId: evidence.criterionId,
      sha256: evidence.fileSha256,
      fileName: evidence.fileName,
      size: files.size,
      mediaType: files.mediaType,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      uploadedAt: evidence.uploadedAt,
    })
    .from(evidence)
    .innerJoin(files, eq(files.sha256, evidence.fileSha256))
    .leftJoin(users, eq(users.id, evidence.uploadedBy))
    .where(where)
    .orderBy(asc(evidence.criterionId), asc(evidence.uploadedAt), asc(evidence.id));
  return rows.map(({ userId, username, displayName, uploadedAt, ...row }) => ({
    ...row,
    uploadedBy: userId !== null && username !== null && displayName !== null ? { id: userId, username, displayName } : null,
    uploadedAt: uploadedAt.toISOString(),
  }));
}

export async function getEvidence(db: DbOrTx, id: number): Promise<Evidence> {
  if (!Number.isSafeInteger(id) || id <= 0) throw fail('evidence_not_found', { id });
  const [row] = await selectEvidence(db, eq(evidence.id, id));
  if (!row) throw fail('evidence_not_found', { id });
  return row;
}

/** Evidence of a round, optionally narrowed to a unit and a criterion; by criterion, then upload time. */
export async function listEvidence(db: DbOrTx, filter: { roundId: number; unitId?: number; criterionId?: number }): Promise<Evidence[]> {
  checkIds(filter);
  const conditions = [eq(evidence.roundId, filter.roundId)];
  if (filter.unitId !== undefined) conditions.push(eq(evidence.unitId, filter.unitId));
  if (filter.criterionId !== undefined) conditions.push(eq(evidence.criterionId, filter.criterionId));
  return selectEvidence(db, and(...conditions));
}

/** How many files each criterion of a unit has in a round (criteria without evidence are absent). */
export async function countEvidenceByCriterion(db: DbOrTx, roundId: number, unitId: number): Promise<Map<number, number>> {
  checkIds({ roundId, unitId });
  const rows = await db
    .select({ criterionId: evidence.criterionId, files: count() })
    .from(evidence)
    .where(and(eq(evidence.roundId, roundId), eq(evidence.unitId, unitId)))
    .groupBy(evidence.criterionId);
  return new Map(rows.map((r) => [r.criterionId, Number(r.files)]));
}

/**
 * Attaches a stored file to a criterion of a unit in a round, audited (`evidence`, `create`) in the same
 * transaction. Runs in the caller's transaction when given one (as a savepoint), so the caller's checks
 * (deadlines, the actor's unit) and this change commit together. The same file twice on one criterion is
 * a conflict. The caller checks that the round, unit and criterion exist and that the actor may do this.
 */
export async function attachEvidence(tx: DbOrTx, actor: Actor, input: AttachEvidenceInput): Promise<Evidence> {
  checkIds(input);
  if (!isSha256(input.sha256)) throw invalid('sha256', 'evidence_sha256_invalid');
  return inTransaction(tx, async (t) => {
    const file = await findFile(t, input.sha256);
    if (!file) throw fail('stored_file_not_found', { sha256: input.sha256 });
    const scope = and(eq(evidence.roundId, input.roundId), eq(evidence.unitId, input.unitId), eq(evidence.criterionId, input.criterionId));
    const [duplicate] = await t
      .select({ id: evidence.id, fileName: evidence.fileName })
      .from(evidence)
      .where(and(scope, eq(evidence.fileSha256, file.sha256)));
    if (duplicate) {
      throw fail('evidence_already_attached', { fileName: duplicate.fileName }, { evidenceId: duplicate.id });
    }
    const [row] = await t
      .insert(evidence)
      .values({
        roundId: input.roundId,
        unitId: input.unitId,
        criterionId: input.criterionId,
        fileSha256: file.sha256,
        fileName: evidenceFileName(input.fileName, file),
        uploadedBy: actor.userId,
        ...(input.uploadedAt ? { uploadedAt: input.uploadedAt } : {}),
      })
      .returning({ id: evidence.id });
    const view = await getEvidence(t, row!.id);
    await recordAudit(t, actor, { action: 'create', entityType: 'evidence', entityId: view.id, after: view });
    return view;
  });
}

/**
 * Detaches evidence, audited (`evidence`, `delete`) in the same transaction. When `scope` is given the
 * evidence must belong to it (a unit cannot detach another unit's file by guessing an id): otherwise
 * `not_found`. The stored file itself stays: other evidence may share it, and the audit log refers to it.
 */
export async function detachEvidence(tx: DbOrTx, actor: Actor, evidenceId: number, scope: Partial<EvidenceScope> = {}): Promise<Evidence> {
  checkIds(scope);
  return inTransaction(tx, async (t) => {
    const view = await getEvidence(t, evidenceId);
    const outside = (['roundId', 'unitId', 'criterionId'] as const).some((key) => scope[key] !== undefined && scope[key] !== view[key]);
    if (outside) throw fail('evidence_not_found', { id: evidenceId });
    await t.delete(evidence).where(eq(evidence.id, view.id));
    await recordAudit(t, actor, { action: 'delete', entityType: 'evidence', entityId: view.id, before: view });
    return view;
  });
}
