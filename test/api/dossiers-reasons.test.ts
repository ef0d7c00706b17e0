import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonMessage } from '../../src/catalogue.js';
import { describeDossierImport } from '../../src/cli/dossier-commands.js';
import type { AppError } from '../../src/errors.js';
import { readTable } from '../../src/io/tabular.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import { detectFileType } from '../../src/modules/files/detect.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { SNV_BIRTH_REGISTRATION } from '../helpers/dossier-fixtures.js';

/**
 * Reading errors of a file, dossier row rules, a refused evidence file and upload errors leave the server as a reason
 * with parameters (issue 10, item 2), and the catalogue speaks each of them in Vietnamese.
 */

const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';
const vi = (reason: string, params?: Record<string, string | number>) => reasonMessage(reason, params, 'vi');

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, SNV_BIRTH_REGISTRATION);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

async function rejectedRows(content: string | Buffer, columns = { required: ['code', 'name', 'block'], optional: ['parent_code'] }) {
  try {
    await readTable(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), columns);
  } catch (error) {
    return (error as AppError & { details: { rows: unknown[] } }).details.rows;
  }
  throw new Error('the file was accepted');
}

describe('reading a table file', () => {
  it('names each problem of the header and of the encoding as a reason with parameters', async () => {
    expect(await rejectedRows('code,name,ghi_chu\nA,B,C\n')).toEqual([
      {
        row: 1,
        column: 'ghi_chu',
        code: 'unknown_column',
        params: { column: 'ghi_chu', expected: 'code,name,block,parent_code' },
        message: 'unknown column "ghi_chu"; expected code,name,block,parent_code',
      },
      { row: 1, column: 'block', code: 'missing_column', params: { column: 'block' }, message: 'missing column "block"' },
    ]);
    expect(vi('unknown_column', { column: 'ghi_chu', expected: 'code,name' })).toBe('cột "ghi_chu" không được hỗ trợ; các cột hợp lệ: code,name');
    expect(vi('missing_column', { column: 'block' })).toBe('thiếu cột "block"');

    expect(await rejectedRows(Buffer.concat([Buffer.from('code,name,block\nU-1,X'), Buffer.from([0xf4]), Buffer.from(',XA\n')]))).toEqual([
      { row: 2, column: 'B', code: 'file_not_utf8', message: 'the file is not UTF-8 text (save it as "CSV UTF-8")' },
    ]);
    expect(vi('file_not_utf8')).toBe('tệp không phải văn bản UTF-8 (hãy lưu lại dưới dạng "CSV UTF-8")');
    expect(await rejectedRows(Buffer.from('code,name,block\nU-1,X,XA\n', 'utf16le'))).toMatchObject([{ row: 1, code: 'file_utf16' }]);
    expect(await rejectedRows(`code,name,block\nU-1,${'x'.repeat(10_001)},XA\n`)).toEqual([
      { row: 2, column: 'B', code: 'cell_longer_than_limit', params: { maxChars: '10,000' }, message: 'the value is longer than 10,000 characters' },
    ]);
    expect(vi('cell_longer_than_limit', { maxChars: '10,000' })).toBe('giá trị dài quá 10,000 ký tự');
    expect(await rejectedRows('code,name,block\nU-1,"Xã,XA\n')).toMatchObject([{ row: 2, code: 'csv_quote_not_closed' }]);
    expect(await rejectedRows(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]))).toMatchObject([
      { row: 1, code: 'zip_directory_missing', message: 'not a readable XLSX workbook (the ZIP directory is missing (a cut-off or damaged file?))' },
    ]);
  });

  it('an import row checked with the API schema: an empty cell and an invalid code, over HTTP', async () => {
    const res = await admin.upload('/api/v1/units/import', 'code,name,block,parent_code\nBAD CODE,Xã Một,XA,\nOK-1,,XA,\n', 'units.csv');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details.rows).toEqual([
      {
        row: 2,
        column: 'code',
        code: 'cell_code_invalid',
        params: { label: 'code', value: '"BAD CODE"', maximum: 32 },
        message: 'invalid code "BAD CODE" (letters, digits, _ . - ; at most 32)',
      },
      { row: 3, column: 'name', code: 'cell_empty', params: { column: 'name' }, message: 'name is empty' },
    ]);
    expect(vi('cell_empty', { column: 'name' })).toBe('cột name đang để trống');
    expect(vi('cell_code_invalid', { label: 'code', value: '"BAD CODE"', maximum: 32 })).toBe(
      'mã "BAD CODE" ở cột code không hợp lệ (chỉ gồm chữ cái, chữ số và _ . -; tối đa 32 ký tự)',
    );
  });
});

describe('dossier files', () => {
  const BAD = [
    HEADER,
    'HS-1,KHONGCO,P.SNV.1,,direct,2025-04-01T08:00,,,,processing',
    'HS-2,SNV,P.SNV.1,,fax,hôm qua,,,,resolved',
    'HS-3,SNV,P.SNV.1,,online',
  ].join('\n');

  it('every rejected row is a reason with parameters, kept with the run, and the answer names the counts', async () => {
    const res = await admin.upload('/api/v1/dossiers/imports', BAD, 'bad.csv');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'import_rejected',
      reason: 'dossier_import_rejected',
      params: { rejected: 3, rowsRead: 3 },
      message: 'The import was rejected: 3 of 3 rows are invalid; nothing was written',
    });
    const rows = [
      { row: 2, column: 'unit_code', code: 'dossier_unknown_unit', params: { code: '"KHONGCO"' }, message: 'unknown unit "KHONGCO"' },
      { row: 3, column: 'channel', code: 'dossier_unknown_channel', params: { value: '"fax"' }, message: 'unknown channel "fax" (direct, online or postal)' },
      {
        row: 3,
        column: 'received_at',
        code: 'dossier_not_an_instant',
        params: { value: '"hôm qua"' },
        message: '"hôm qua" is not a date and time (ISO 8601, e.g. 2025-03-14T08:30 or 2025-03-14T08:30:00+07:00)',
      },
      { row: 3, column: 'resolved_at', code: 'dossier_status_needs_resolved', params: { status: 'resolved' }, message: 'status "resolved" needs resolved_at' },
      { row: 4, code: 'dossier_too_few_values', params: { values: 5, columns: 10 }, message: '5 values for 10 columns (a cut-off line?)' },
    ];
    expect(res.body.error.details.rows).toEqual(rows);
    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.error.details.importId}`);
    expect(run.body.errors).toEqual(rows);

    expect(vi('dossier_unknown_unit', { code: '"KHONGCO"' })).toBe('không có đơn vị mã "KHONGCO"');
    expect(vi('dossier_unknown_channel', { value: '"fax"' })).toBe(
      'kênh tiếp nhận "fax" không hợp lệ (direct – trực tiếp, online – trực tuyến, postal – bưu chính)',
    );
    expect(vi('dossier_status_needs_resolved', { status: 'resolved' })).toBe('trạng thái "resolved" cần có thời điểm giải quyết (resolved_at)');
    expect(vi('dossier_too_few_values', { values: 5, columns: 10 })).toBe('dòng chỉ có 5 giá trị trong khi tệp có 10 cột (dòng bị cắt?)');
    expect(vi('dossier_import_rejected', { rejected: 3, rowsRead: 3 })).toBe('Tệp nhập bị từ chối: 3/3 dòng không hợp lệ; chưa ghi dữ liệu nào');
  });

  it('a wrong header and a duplicate code', async () => {
    const header = await admin.upload('/api/v1/dossiers/imports', `${HEADER.replace('status', 'trang_thai')}\n`, 'header.csv');
    expect(header.body.error.details.rows).toMatchObject([
      { row: 1, column: 'trang_thai', code: 'unknown_column', params: { column: 'trang_thai' } },
      { row: 1, column: 'status', code: 'missing_column', params: { column: 'status' } },
    ]);
    const twice = [
      HEADER,
      'D-1,SNV,P.SNV.1,,direct,2025-04-01T08:00,,,,processing',
      'D-1,SNV,P.SNV.1,,direct,2025-04-02T08:00,,,,processing',
      'D-2,NOPE,P.SNV.1,,direct,2025-04-02T08:00,,,,processing',
    ];
    const duplicate = await admin.upload('/api/v1/dossiers/imports', twice.join('\n'), 'twice.csv');
    expect(duplicate.body.error.details.rows).toContainEqual({
      row: 3,
      column: 'code',
      code: 'dossier_duplicate_code',
      params: { code: 'D-1', line: 2 },
      message: 'duplicate code "D-1": already on line 2',
    });
    expect(vi('dossier_duplicate_code', { code: 'D-1', line: 2 })).toBe('mã hồ sơ "D-1" bị trùng: đã có ở dòng 2');
  });

  it('the CLI prints the rows in Vietnamese by default and in English with --lang en', () => {
    const result = {
      importId: 7,
      status: 'rejected' as const,
      rowsRead: 1,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      errors: [{ row: 2, column: 'unit_code', code: 'dossier_unknown_unit', params: { code: '"X9"' }, message: 'unknown unit "X9"' }],
    };
    expect(describeDossierImport(result, false).split('\n')).toEqual([
      'tệp hồ sơ bị từ chối (lượt 7): 1/1 dòng không hợp lệ; chưa ghi dữ liệu nào (--skip-invalid để nhập các dòng hợp lệ)',
      '  dòng 2, cột unit_code: không có đơn vị mã "X9"',
      '',
    ]);
    expect(describeDossierImport(result, false, 'en').split('\n')).toEqual([
      'dossier import rejected (run 7): 1 row(s) rejected of 1 read; nothing was written (--skip-invalid loads the valid rows)',
      '  line 2, column unit_code: unknown unit "X9"',
      '',
    ]);
  });
});

describe('uploads and evidence files', () => {
  it('an upload that is not multipart, and one without a file', async () => {
    const json = await admin.post('/api/v1/dossiers/imports', { file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.error).toMatchObject({
      reason: 'upload_not_multipart',
      params: { field: 'file' },
      message: 'Send the file as multipart/form-data in a field named "file"',
    });
    expect(vi('upload_not_multipart', { field: 'file' })).toBe('Hãy gửi tệp dưới dạng multipart/form-data, trong trường có tên "file"');
    const form = new FormData();
    form.append('skipInvalid', 'true');
    const empty = await admin.request('POST', '/api/v1/dossiers/imports', { body: form });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'validation_failed', reason: 'upload_no_file', message: 'No file was sent' });
    expect(empty.body.error.details.issues).toEqual([{ path: 'file', code: 'required', message: 'is required' }]);
  });

  it('a refused evidence file carries what its content was found to be', () => {
    const refused = (content: Buffer) => {
      try {
        detectFileType(content);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('the file was accepted');
    };
    const html = refused(Buffer.from('<!doctype html><html><script>alert(1)</script></html>'));
    expect(html).toMatchObject({
      code: 'unsupported_media_type',
      reason: 'evidence_markup_refused',
      params: { detected: 'markup' },
      message: 'HTML, XML and SVG files are not accepted (they can carry scripts); send PDF, DOCX, XLSX, PNG, JPEG, WebP or GIF',
    });
    expect(vi(html.reason!, html.params as Record<string, string>)).toBe(
      'Không chấp nhận tệp HTML, XML và SVG (có thể chứa mã độc); hãy gửi tệp PDF, DOCX, XLSX, PNG, JPEG, WebP hoặc GIF',
    );
    expect(refused(Buffer.from('MZ\x90\x00'))).toMatchObject({ reason: 'evidence_program_refused', params: { detected: 'executable' } });
    expect(refused(Buffer.from('just text'))).toMatchObject({
      reason: 'evidence_type_refused',
      params: { detected: 'unknown' },
      message: 'This type of file is not accepted; send PDF, DOCX, XLSX, PNG, JPEG, WebP or GIF',
    });
    expect(vi('evidence_type_refused')).toBe('Loại tệp này không được chấp nhận; hãy gửi tệp PDF, DOCX, XLSX, PNG, JPEG, WebP hoặc GIF');
  });
});
