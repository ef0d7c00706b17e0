import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, evidence, files } from '../../src/db/schema.js';
import { errorHandler } from '../../src/http/error-handler.js';
import { AppError } from '../../src/errors.js';
import type { Actor } from '../../src/modules/auth/actor.js';
import {
  attachEvidence,
  countEvidenceByCriterion,
  detachEvidence,
  listEvidence,
  openFile,
  storeUpload,
  type UploadedFile,
} from '../../src/modules/files/service.js';
import { findUnitIdByCode } from '../../src/modules/units/service.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { HTML, JPEG_HEADER, makeDocx, makeExe, makePdf, makeXlsx, makeZip, PNG_1x1, sha256Of, SVG } from '../files/fixtures.js';

const LIMIT = 64 * 1024;

let server: TestServer;
let officer: Actor;
let unitId: number;
let otherUnitId: number;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  const user = await server.createUser('unit_officer', 'SNV');
  unitId = (await findUnitIdByCode(server.db, 'SNV'))!;
  otherUnitId = (await findUnitIdByCode(server.db, 'SCT'))!;
  officer = { userId: user.id, username: user.username, role: 'unit_officer', unitId };
});
afterAll(() => server?.close());

/** A stream of the content in small chunks, like a multipart file part. */
function streamOf(content: Buffer, chunk = 1000): Readable {
  return Readable.from(Array.from({ length: Math.ceil(content.length / chunk) }, (_, i) => content.subarray(i * chunk, (i + 1) * chunk)));
}

function upload(content: Buffer, fileName: string, limitBytes = LIMIT): Promise<UploadedFile> {
  return storeUpload(server.db, server.fileStore, officer, { stream: streamOf(content), fileName, limitBytes });
}

/** Every regular file under the store folder (temporary files included). */
function filesOnDisk(): string[] {
  const root = server.fileStore.root;
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile()).sort();
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const fileRows = (sha256: string) => server.db.select().from(files).where(eq(files.sha256, sha256));
const auditRows = (entityType: string, entityId: string | number) =>
  server.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))))
    .orderBy(auditLog.id);

describe('storing uploads', () => {
  it('stores each allowed type by its content, once, and streams it back unchanged', async () => {
    const cases: [Buffer, string, string][] = [
      [makePdf(), 'Báo cáo.pdf', 'application/pdf'],
      [await makeDocx(), 'Kế hoạch.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [await makeXlsx(), 'Bảng điểm.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [PNG_1x1, 'ảnh.png', 'image/png'],
      [JPEG_HEADER, 'ảnh chụp.jpeg', 'image/jpeg'],
    ];
    for (const [content, name, mediaType] of cases) {
      const stored = await upload(content, name);
      expect(stored).toMatchObject({ sha256: sha256Of(content), size: content.length, mediaType, fileName: name, created: true });
      expect(await fileRows(stored.sha256)).toEqual([expect.objectContaining({ sha256: stored.sha256, size: content.length, mediaType })]);
      expect(await server.fileStore.exists(stored.sha256)).toBe(true);
      const opened = await openFile(server.db, server.fileStore, stored.sha256);
      expect(opened).toMatchObject({ sha256: stored.sha256, size: content.length, mediaType });
      expect(sha256Of(await readAll(opened.stream))).toBe(sha256Of(content));
      const [audit] = await auditRows('file', stored.sha256);
      expect(audit).toMatchObject({ action: 'create', actorUsername: officer.username, after: { mediaType, size: content.length, fileName: name } });
    }
  });

  it('stores the same content uploaded twice as one file and one row, keeping each upload its own name', async () => {
    const pdf = makePdf('Cung mot noi dung');
    const before = filesOnDisk().length;
    const first = await upload(pdf, 'Lần 1.pdf');
    const second = await storeUpload(server.db, server.fileStore, officer, { stream: pdf, fileName: 'Lần 2.pdf', limitBytes: LIMIT });
    expect(second).toMatchObject({ sha256: first.sha256, created: false, fileName: 'Lần 2.pdf' });
    expect(first.created).toBe(true);
    expect(filesOnDisk().length).toBe(before + 1);
    expect(await fileRows(first.sha256)).toHaveLength(1);
    expect(await auditRows('file', first.sha256)).toHaveLength(1);
  });

  it('decides the type from the content, not the name: a PDF called .exe is kept as a PDF named .exe.pdf', async () => {
    const stored = await upload(makePdf('ten sai'), 'report.exe');
    expect(stored).toMatchObject({ mediaType: 'application/pdf', extension: 'pdf', fileName: 'report.exe.pdf' });
  });

  it('refuses programs, HTML, SVG, plain zips and empty files, and keeps nothing of them', async () => {
    const before = filesOnDisk();
    const refused: [Buffer, string][] = [
      [makeExe(), 'report.pdf'],
      [HTML, 'trang.pdf'],
      [SVG, 'logo.png'],
      [await makeZip({ 'a.txt': 'a' }), 'hồ sơ.docx'],
      [Buffer.alloc(0), 'empty.pdf'],
    ];
    for (const [content, name] of refused) {
      const error = await rejection(upload(content, name));
      expect(error.code).toBe('unsupported_media_type');
      expect(error.status).toBe(415);
      expect(await fileRows(sha256Of(content))).toEqual([]);
      expect(await server.fileStore.exists(sha256Of(content))).toBe(false);
    }
    expect(filesOnDisk()).toEqual(before);
  });

  it('refuses a file over the limit while streaming, and leaves no partial file', async () => {
    const before = filesOnDisk();
    const big = Buffer.concat([makePdf(), Buffer.alloc(200_000, 0x20)]);
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (let at = 0; at < big.length; at += 4096) {
          pulled += Math.min(4096, big.length - at);
          yield big.subarray(at, at + 4096);
        }
      })(),
    );
    const error = await rejection(storeUpload(server.db, server.fileStore, officer, { stream: source, fileName: 'lớn.pdf', limitBytes: 16 * 1024 }));
    expect(error.code).toBe('payload_too_large');
    expect(pulled).toBeLessThan(big.length);
    expect(source.destroyed).toBe(true);
    expect(filesOnDisk()).toEqual(before);
    expect(await fileRows(sha256Of(big))).toEqual([]);
    // The same file within a larger limit is accepted.
    expect((await upload(big, 'lớn.pdf', 256 * 1024)).size).toBe(big.length);
  });

  it('answers not_found for an unknown or malformed key', async () => {
    expect((await rejection(openFile(server.db, server.fileStore, sha256Of(Buffer.from('nothing'))))).code).toBe('not_found');
    expect((await rejection(openFile(server.db, server.fileStore, '../../etc/passwd'))).code).toBe('not_found');
  });
});

describe('evidence of a criterion', () => {
  const ROUND = 7;
  let report: UploadedFile;
  let sheet: UploadedFile;

  beforeAll(async () => {
    report = await upload(makePdf('Minh chung 1'), 'Minh chứng 1.pdf');
    sheet = await upload(
      await makeXlsx([
        ['Chỉ tiêu', 'Kết quả'],
        ['1.1', 'Đạt'],
      ]),
      'Bảng tổng hợp.xlsx',
    );
  });

  it('attaches, lists and detaches files, each change audited', async () => {
    const attached = await attachEvidence(server.db, officer, { roundId: ROUND, unitId, criterionId: 11, sha256: report.sha256, fileName: report.fileName });
    expect(attached).toMatchObject({
      roundId: ROUND,
      unitId,
      criterionId: 11,
      sha256: report.sha256,
      fileName: 'Minh chứng 1.pdf',
      size: report.size,
      mediaType: 'application/pdf',
      uploadedBy: { id: officer.userId, username: officer.username },
    });
    expect(new Date(attached.uploadedAt).toISOString()).toBe(attached.uploadedAt);
    const second = await attachEvidence(server.db, officer, {
      roundId: ROUND,
      unitId,
      criterionId: 12,
      sha256: sheet.sha256,
      fileName: 'C:\\tmp\\Bảng\u202e.xlsx',
    });
    expect(second.fileName).toBe('Bảng.xlsx');
    // Another unit may attach the very same file: the bytes are shared, the evidence is not.
    await attachEvidence(server.db, officer, { roundId: ROUND, unitId: otherUnitId, criterionId: 11, sha256: report.sha256, fileName: 'x.pdf' });

    expect((await listEvidence(server.db, { roundId: ROUND, unitId })).map((e) => [e.criterionId, e.fileName])).toEqual([
      [11, 'Minh chứng 1.pdf'],
      [12, 'Bảng.xlsx'],
    ]);
    expect(await listEvidence(server.db, { roundId: ROUND, unitId, criterionId: 12 })).toEqual([second]);
    expect(await listEvidence(server.db, { roundId: ROUND })).toHaveLength(3);
    expect(await listEvidence(server.db, { roundId: ROUND + 1, unitId })).toEqual([]);
    expect(await countEvidenceByCriterion(server.db, ROUND, unitId)).toEqual(
      new Map([
        [11, 1],
        [12, 1],
      ]),
    );

    const [created] = await auditRows('evidence', attached.id);
    expect(created).toMatchObject({ action: 'create', actorId: officer.userId, actorUsername: officer.username, before: null });
    expect(created!.after).toMatchObject({ id: attached.id, sha256: report.sha256, fileName: 'Minh chứng 1.pdf', criterionId: 11, unitId });

    const detached = await detachEvidence(server.db, officer, attached.id, { roundId: ROUND, unitId });
    expect(detached).toEqual(attached);
    const rows = await auditRows('evidence', attached.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(rows[1]).toMatchObject({ after: null, before: { id: attached.id, sha256: report.sha256, fileName: 'Minh chứng 1.pdf' } });
    expect(await listEvidence(server.db, { roundId: ROUND, unitId })).toEqual([second]);
    // The file stays: the other unit's evidence and the audit log still refer to it.
    expect(await fileRows(report.sha256)).toHaveLength(1);
    expect(await server.fileStore.exists(report.sha256)).toBe(true);
    expect((await rejection(detachEvidence(server.db, officer, attached.id))).code).toBe('not_found');
  });

  it('refuses the same file twice on one criterion, an unknown file and bad ids', async () => {
    const input = { roundId: ROUND, unitId, criterionId: 21, sha256: report.sha256, fileName: 'a.pdf' };
    await attachEvidence(server.db, officer, input);
    const duplicate = await rejection(attachEvidence(server.db, officer, { ...input, fileName: 'b.pdf' }));
    expect(duplicate.code).toBe('conflict');
    expect(duplicate.message).toContain('a.pdf');
    expect((await rejection(attachEvidence(server.db, officer, { ...input, sha256: sha256Of(Buffer.from('not stored')) }))).code).toBe('not_found');
    expect((await rejection(attachEvidence(server.db, officer, { ...input, sha256: 'abc' }))).code).toBe('validation_failed');
    expect((await rejection(attachEvidence(server.db, officer, { ...input, criterionId: 0 }))).code).toBe('validation_failed');
    expect(await listEvidence(server.db, { roundId: ROUND, unitId, criterionId: 21 })).toHaveLength(1);
  });

  it("will not detach evidence outside the caller's scope", async () => {
    const theirs = await attachEvidence(server.db, officer, { roundId: ROUND, unitId: otherUnitId, criterionId: 31, sha256: sheet.sha256, fileName: 'b.xlsx' });
    expect((await rejection(detachEvidence(server.db, officer, theirs.id, { roundId: ROUND, unitId }))).code).toBe('not_found');
    expect((await rejection(detachEvidence(server.db, officer, theirs.id, { roundId: ROUND + 1 }))).code).toBe('not_found');
    expect(await listEvidence(server.db, { roundId: ROUND, unitId: otherUnitId, criterionId: 31 })).toEqual([theirs]);
    expect((await auditRows('evidence', theirs.id)).map((r) => r.action)).toEqual(['create']);
  });

  it("commits or rolls back with the caller's transaction, audit row included", async () => {
    const failure = new Error('deadline check failed after attaching');
    let attachedId = 0;
    await expect(
      server.db.transaction(async (tx) => {
        attachedId = (await attachEvidence(tx, officer, { roundId: ROUND, unitId, criterionId: 41, sha256: report.sha256, fileName: 'r.pdf' })).id;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(attachedId).toBeGreaterThan(0);
    expect(await server.db.select().from(evidence).where(eq(evidence.id, attachedId))).toEqual([]);
    expect(await auditRows('evidence', attachedId)).toEqual([]);

    const kept = await server.db.transaction(async (tx) =>
      attachEvidence(tx, officer, { roundId: ROUND, unitId, criterionId: 41, sha256: report.sha256, fileName: 'r.pdf' }),
    );
    expect(await auditRows('evidence', kept.id)).toHaveLength(1);
  });
});

describe('uploading over HTTP (multipart, streamed)', () => {
  const HTTP_LIMIT = 16 * 1024;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    // The assessments module will own the real route; this one exercises the same path from a multipart part.
    app = Fastify({ logger: false });
    await app.register(multipart, { limits: { fileSize: 1024 * 1024, files: 1 } });
    app.setErrorHandler(errorHandler);
    app.post('/upload', async (request) => {
      const part = await request.file();
      if (!part) throw new AppError('validation_failed', 'No file');
      return storeUpload(server.db, server.fileStore, officer, { stream: part.file, fileName: part.filename, limitBytes: HTTP_LIMIT });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/upload`;
  });
  afterAll(() => app?.close());

  async function post(content: Buffer, name: string, type: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)], { type }), name);
    const response = await fetch(url, { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('ignores the claimed content type: a PDF sent as octet-stream is a PDF, a program sent as a PDF is refused', async () => {
    const pdf = makePdf('qua HTTP');
    const accepted = await post(pdf, 'Văn bản.bin', 'application/octet-stream');
    expect(accepted).toMatchObject({ status: 200, body: { sha256: sha256Of(pdf), mediaType: 'application/pdf', fileName: 'Văn bản.bin.pdf' } });
    const refused = await post(makeExe(), 'hợp lệ.pdf', 'application/pdf');
    expect(refused).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });

  it('answers 413 for a file over the limit and keeps nothing of it', async () => {
    const before = filesOnDisk();
    const big = Buffer.concat([makePdf(), Buffer.alloc(HTTP_LIMIT * 4, 0x20)]);
    const response = await post(big, 'lớn.pdf', 'application/pdf');
    expect(response).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect(filesOnDisk()).toEqual(before);
    expect(await fileRows(sha256Of(big))).toEqual([]);
  });
});
