import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { auditLog, surveyCampaigns, surveyTemplates } from '../../src/db/schema.js';
import { SIPAS_ELEMENTS } from '../../src/domain/surveys.js';
import { readTemplateFile } from '../../src/modules/survey-templates/file.js';
import { TemplateDetail, TemplateImportResult, TemplateList } from '../../src/modules/survey-templates/schemas.js';
import { ensureShippedTemplates } from '../../src/modules/survey-templates/service.js';
import { shippedTemplates } from '../../src/modules/survey-templates/shipped.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
let officer: ApiClient;

const BASE = '/api/v1/surveys/templates';

/** A small custom template: a scale, a single choice shown when the scale is 1 or 2, a free text. */
const custom = () => ({
  code: 'CUSTOM-1',
  name: 'Phiếu thử',
  kind: 'custom',
  questions: [
    { code: 'q1', section: 'chung', text: 'Mức độ hài lòng chung', type: 'scale', role: 'satisfaction', required: true, options: [] },
    {
      code: 'q2',
      section: 'chung',
      text: 'Lý do chưa hài lòng',
      type: 'single',
      role: 'other',
      required: false,
      options: [
        { code: 'slow', label: 'Chậm' },
        { code: 'rude', label: 'Thái độ', weight: 0 },
      ],
      showIf: { question: 'q1', anyOf: ['1', '2'] },
    },
    { code: 'note', section: 'chung', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
  ],
});

const auditRows = (entityId: string) =>
  server.db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.entityType} = 'survey_template' and ${auditLog.entityId} = ${entityId}`)
    .orderBy(auditLog.id);

async function workbook(sheets: Record<string, (string | number)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  viewer = await server.loginAs('viewer');
  officer = await server.loginAs('unit_officer', 'SNV');
}, 120_000);
afterAll(() => server?.close());

describe('shipped templates', () => {
  it('are valid SIPAS and officials templates, as the domain describes them', () => {
    const [sipas, officials] = shippedTemplates();
    expect(sipas!.code).toBe('SIPAS');
    expect(sipas!.kind).toBe('sipas');
    for (const element of SIPAS_ELEMENTS) {
      const of = (role: string) => sipas!.questions.filter((q) => q.section === element && q.role === role);
      expect(of('perception').length, element).toBeGreaterThanOrEqual(1);
      expect(of('perception').length, element).toBeLessThanOrEqual(2);
      expect(of('satisfaction').length, element).toBeGreaterThanOrEqual(2);
      expect(of('expectation').length, element).toBe(1);
      for (const q of [...of('perception'), ...of('satisfaction'), ...of('expectation')]) {
        expect(q.type).toBe('scale');
        expect(q.options.map((o) => o.code)).toEqual(['1', '2', '3', '4', '5']);
      }
    }
    const byCode = new Map(sipas!.questions.map((q) => [q.code, q]));
    expect(byCode.get('age_group')!.options.map((o) => o.code)).toEqual(['under25', '25-34', '35-49', '50-64', '65plus']);
    expect(byCode.get('sex')!.options.map((o) => o.code)).toEqual(['male', 'female', 'other']);
    expect(byCode.get('channel')!.options.map((o) => o.code)).toEqual(['direct', 'online', 'postal']);
    expect(byCode.get('procedure')).toMatchObject({ type: 'text', required: false, role: 'profile' });
    expect(byCode.get('comment')).toMatchObject({ type: 'text', required: false, role: 'other' });

    expect(officials!.code).toBe('OFFICIALS');
    expect(officials!.kind).toBe('officials');
    expect(officials!.questions[0]).toMatchObject({ code: 'position', role: 'profile', type: 'single' });
    const areas = new Set(officials!.questions.filter((q) => q.role !== 'profile').map((q) => q.section));
    expect([...areas]).toEqual(['institution', 'administrative_procedures', 'organization', 'civil_service', 'public_finance', 'digital_government']);
    for (const q of officials!.questions.filter((q) => q.role !== 'profile')) {
      expect(q.type).toBe('single');
      expect(q.options.map((o) => [o.code, o.weight ?? null])).toEqual([
        ['A', 100],
        ['B', 60],
        ['C', 20],
        ['D', 0],
        ['X', null],
      ]);
      expect(q.options[4]!.label).toBe('Không có ý kiến');
    }
  });

  it('are installed once, audited, and never overwrite an edited template', async () => {
    expect(await ensureShippedTemplates(server.db)).toEqual(['SIPAS', 'OFFICIALS']);
    expect(await ensureShippedTemplates(server.db)).toEqual([]);
    expect(await auditRows('SIPAS')).toHaveLength(1);
    await server.db.update(surveyTemplates).set({ name: 'Đã sửa' }).where(eq(surveyTemplates.code, 'SIPAS'));
    expect(await ensureShippedTemplates(server.db)).toEqual([]);
    const [row] = await server.db.select().from(surveyTemplates).where(eq(surveyTemplates.code, 'SIPAS'));
    expect(row!.name).toBe('Đã sửa');
    expect((await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from survey_templates`))[0]!.n).toBe(2);
  });
});

describe('the template API', () => {
  it('lists templates to any signed-in role, with what each may do', async () => {
    const list = await viewer.getAs(TemplateList, BASE);
    expect(list.items.map((t) => [t.code, t.kind, t.questions, t.campaigns])).toEqual([
      ['OFFICIALS', 'officials', 12, 0],
      ['SIPAS', 'sipas', 31, 0],
    ]);
    expect(list.can).toEqual({ create: false, import: false, edit: false, delete: false });
    expect((await admin.getAs(TemplateList, BASE)).can).toEqual({ create: true, import: true, edit: true, delete: true });
    expect((await server.client().get(BASE)).status).toBe(401);
  });

  it('reads one template with its version as ETag; an unknown code is 404', async () => {
    const res = await officer.get(`${BASE}/OFFICIALS`);
    expect(res.status).toBe(200);
    const detail = TemplateDetail.parse(res.body);
    expect(res.headers.get('etag')).toBe(`"${detail.version}"`);
    expect(detail.content).toEqual(shippedTemplates()[1]);
    const missing = await viewer.get(`${BASE}/NOPE`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.reason).toBe('survey_template_not_found');
  });

  it('creates a template (audited), refuses a taken code and reports template errors at the question', async () => {
    const created = await admin.sendAs(TemplateDetail, 'POST', BASE, custom(), 201);
    expect(created.version).toBe(1);
    expect(created.content).toEqual(custom());
    const audits = await auditRows('CUSTOM-1');
    expect(audits.map((a) => a.action)).toEqual(['create']);
    expect(audits[0]!.after).toEqual(custom());

    const again = await admin.post(BASE, custom());
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('survey_template_exists');

    const bad = custom();
    bad.code = 'BAD';
    bad.questions[1]!.showIf = { question: 'note', anyOf: ['1'] };
    bad.questions[2]!.options = [{ code: 'x', label: 'X' }];
    const refused = await admin.post(BASE, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    const issues = refused.body.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]);
    expect(issues).toEqual([
      ['questions.1.showIf', 'survey_show_if_unknown'],
      ['questions.2.options', 'survey_question_options_unused'],
    ]);

    const sipas = {
      code: 'S2',
      name: 'x',
      kind: 'sipas',
      questions: [{ code: 'a', section: 'khac', text: 't', type: 'scale', role: 'satisfaction', options: [] }],
    };
    const wrongSection = await admin.post(BASE, sipas);
    expect(wrongSection.status).toBe(400);
    expect(wrongSection.body.error.details.issues[0]).toMatchObject({ path: 'questions.0.section', code: 'survey_sipas_section_unknown' });
  });

  it('replaces the content with If-Match; a stale version is refused with the current template', async () => {
    const next = custom();
    next.name = 'Phiếu thử (sửa)';
    next.questions[0]!.text = 'Mức độ hài lòng chung của Ông/Bà';
    const replaced = await admin.put(`${BASE}/CUSTOM-1`, next, { headers: { 'if-match': '"1"' } });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.version).toBe(2);
    expect(replaced.headers.get('etag')).toBe('"2"');
    expect(replaced.body.content.name).toBe('Phiếu thử (sửa)');

    const stale = await admin.put(`${BASE}/CUSTOM-1`, custom(), { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current.version).toBe(2);

    const renamed = await admin.put(`${BASE}/CUSTOM-1`, { ...next, code: 'OTHER' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.details.issues[0]).toMatchObject({ path: 'code', code: 'survey_template_code_fixed' });

    // The same content again writes nothing: no new version, no audit row.
    const same = await admin.put(`${BASE}/CUSTOM-1`, next, { headers: { 'if-match': '"2"' } });
    expect(same.body.version).toBe(2);
    const audits = await auditRows('CUSTOM-1');
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
    expect((audits[1]!.before as { name: string }).name).toBe('Phiếu thử');
    expect((audits[1]!.after as { name: string }).name).toBe('Phiếu thử (sửa)');
  });

  it('refuses writes to other roles', async () => {
    for (const client of [viewer, officer]) {
      expect((await client.post(BASE, { ...custom(), code: 'X9' })).status).toBe(403);
      expect((await client.put(`${BASE}/CUSTOM-1`, custom())).status).toBe(403);
      expect((await client.delete(`${BASE}/CUSTOM-1`)).status).toBe(403);
      expect((await client.upload(`${BASE}/import`, JSON.stringify(custom()), 't.json')).status).toBe(403);
    }
  });

  it('refuses to delete a template a campaign uses, and deletes an unused one', async () => {
    const [template] = await server.db.select().from(surveyTemplates).where(eq(surveyTemplates.code, 'SIPAS'));
    await server.db.insert(surveyCampaigns).values({
      code: 'SIPAS-T',
      name: 'Đợt thử',
      templateId: template!.id,
      kind: 'sipas',
      questions: template!.questions,
      year: 2026,
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
      channels: ['qr'],
    });
    const refused = await admin.delete(`${BASE}/SIPAS`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.reason).toBe('survey_template_in_use');
    expect(refused.body.error.params).toEqual({ template: 'SIPAS', campaigns: 'SIPAS-T' });
    expect((await admin.getAs(TemplateDetail, `${BASE}/SIPAS`)).campaigns).toEqual(['SIPAS-T']);

    const deleted = await admin.delete(`${BASE}/CUSTOM-1`);
    expect(deleted.status).toBe(204);
    expect((await admin.get(`${BASE}/CUSTOM-1`)).status).toBe(404);
    expect((await auditRows('CUSTOM-1')).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });
});

describe('template files', () => {
  it('imports JSON: creates, leaves an unchanged file alone, replaces a changed one', async () => {
    const file = JSON.stringify({ ...custom(), code: 'FILE-1' });
    const first = await admin.upload(`${BASE}/import`, file, 'f.json');
    expect(first.status, first.text).toBe(200);
    expect(TemplateImportResult.parse(first.body)).toEqual({ code: 'FILE-1', outcome: 'created', questions: 3, version: 1 });
    expect((await admin.upload(`${BASE}/import`, file, 'f.json')).body.outcome).toBe('unchanged');
    const changed = await admin.upload(`${BASE}/import`, JSON.stringify({ ...custom(), code: 'FILE-1', name: 'Khác' }), 'f.json');
    expect(changed.body).toEqual({ code: 'FILE-1', outcome: 'replaced', questions: 3, version: 2 });
    expect((await auditRows('FILE-1')).map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('refuses a JSON file with bad questions, naming the line and the path', async () => {
    const bad = custom();
    (bad.questions[1] as { type: string }).type = 'choice';
    bad.questions[1]!.options[1]!.weight = 150;
    const text = JSON.stringify(bad, null, 2);
    const res = await admin.upload(`${BASE}/import`, text, 'bad.json');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.reason).toBe('survey_template_file_rejected');
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(res.body.error.details.rows.map((r: { row: number; column: string; code: string }) => [r.row, r.column, r.code])).toEqual([
      [lineOf('"choice"'), 'questions.1.type', 'not_one_of'],
      [lineOf('150'), 'questions.1.options.1.weight', 'number_too_big'],
    ]);
    const syntax = await admin.upload(`${BASE}/import`, '{ "code": ', 'broken.json');
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.details.rows[0].code).toBe('survey_template_json_invalid');
    expect((await admin.upload(`${BASE}/import`, 'code,name\n', 'x.csv')).body.error.details.rows[0].code).toBe('survey_template_file_unknown');
  });

  it('imports XLSX and refuses bad rows naming the sheet, the row and the column', async () => {
    const header = ['code', 'section', 'text', 'type', 'role', 'required', 'show_if_question', 'show_if_any_of'];
    const good = await workbook({
      template: [
        ['field', 'value'],
        ['code', 'XL-1'],
        ['name', 'Phiếu Excel'],
        ['kind', 'custom'],
      ],
      questions: [header, ['q1', 'chung', 'Hài lòng?', 'scale', 'satisfaction', 'có', '', ''], ['q2', 'chung', 'Vì sao?', 'multi', 'other', 'no', 'q1', '1;2']],
      options: [
        ['question_code', 'code', 'label', 'weight'],
        ['q2', 'a', 'Chậm', ''],
        ['q2', 'b', 'Khó', 40],
      ],
    });
    const ok = await admin.upload(`${BASE}/import`, good, 't.xlsx');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ code: 'XL-1', outcome: 'created', questions: 2 });
    expect((await admin.getAs(TemplateDetail, `${BASE}/XL-1`)).content.questions[1]).toEqual({
      code: 'q2',
      section: 'chung',
      text: 'Vì sao?',
      type: 'multi',
      role: 'other',
      required: false,
      options: [
        { code: 'a', label: 'Chậm' },
        { code: 'b', label: 'Khó', weight: 40 },
      ],
      showIf: { question: 'q1', anyOf: ['1', '2'] },
    });

    const bad = await workbook({
      template: [
        ['code', 'XL-2'],
        ['name', 'Phiếu lỗi'],
        ['kind', 'custom'],
      ],
      questions: [
        header,
        ['q1', 'chung', 'Hài lòng?', 'scale', 'satisfaction', 'maybe', '', ''],
        ['q2', 'chung', 'Vì sao?', 'pick', 'other', '', '', ''],
        ['q3', 'chung', 'Chọn', 'single', 'other', '', 'q1', ''],
      ],
      options: [
        ['question_code', 'code', 'label', 'weight'],
        ['q3', 'a', 'A', 'nhiều'],
        ['q9', 'b', 'B', ''],
      ],
    });
    const refused = await admin.upload(`${BASE}/import`, bad, 'bad.xlsx');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('import_rejected');
    expect(refused.body.error.details.rows.map((r: { row: number; column: string; code: string }) => [r.row, r.column, r.code])).toEqual([
      [2, 'questions!required', 'survey_template_not_yes_no'],
      [4, 'questions!show_if_any_of', 'survey_template_show_if_incomplete'],
      [2, 'options!weight', 'survey_template_weight_not_number'],
      [3, 'options!question_code', 'survey_template_option_question_unknown'],
    ]);

    // Rows that read but break the template's rules are named at their cells too: first the shape (a wrong type)…
    const typed = await workbook({
      template: [
        ['code', 'XL-3'],
        ['name', 'Phiếu lỗi 2'],
        ['kind', 'custom'],
      ],
      questions: [header, ['q1', 'chung', 'Hài lòng?', 'pick', 'satisfaction', '', '', '']],
    });
    const shape = await admin.upload(`${BASE}/import`, typed, 'type.xlsx');
    expect(shape.status).toBe(400);
    expect(shape.body.error.details.rows.map((r: { row: number; column: string; code: string }) => [r.row, r.column, r.code])).toEqual([
      [2, 'questions!type', 'not_one_of'],
    ]);
    // …then the template's own rules (an option twice, a show-if on an unknown question).
    const rules = await workbook({
      template: [
        ['code', 'XL-3'],
        ['name', 'Phiếu lỗi 2'],
        ['kind', 'custom'],
      ],
      questions: [
        header,
        ['q1', 'chung', 'Hài lòng?', 'scale', 'satisfaction', '', '', ''],
        ['q2', 'chung', 'Chọn', 'single', 'other', '', '', ''],
        ['q3', 'chung', 'Vì sao?', 'text', 'other', '', 'q9', '1'],
      ],
      options: [
        ['question_code', 'code', 'label', 'weight'],
        ['q2', 'a', 'A', ''],
        ['q2', 'a', 'B', ''],
      ],
    });
    const ruled = await admin.upload(`${BASE}/import`, rules, 'rules.xlsx');
    expect(ruled.status).toBe(400);
    expect(ruled.body.error.details.rows.map((r: { row: number; column: string; code: string }) => [r.row, r.column, r.code])).toEqual([
      [3, 'options!code', 'survey_option_twice'],
      [4, 'questions!show_if_question', 'survey_show_if_unknown'],
    ]);
    const noSheet = await admin.upload(`${BASE}/import`, await workbook({ template: [['code', 'X']] }), 'x.xlsx');
    expect(noSheet.body.error.details.rows).toMatchObject([{ row: 1, column: 'questions!A', code: 'survey_template_sheet_missing' }]);
    expect((await admin.get(`${BASE}/XL-2`)).status).toBe(404);
  });

  it('exports JSON and XLSX that import back to exactly the same content', async () => {
    const original = (await admin.getAs(TemplateDetail, `${BASE}/SIPAS`)).content;
    const json = await viewer.get(`${BASE}/SIPAS/export?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('survey-template-SIPAS.json');
    expect(json.body).toEqual(original);
    const xlsx = await fetch(`${server.baseUrl}${BASE}/SIPAS/export?format=xlsx`, { headers: { cookie: viewer.cookie! } });
    expect(xlsx.status).toBe(200);
    const buffer = Buffer.from(await xlsx.arrayBuffer());
    expect(await readTemplateFile(buffer)).toEqual(original);
    expect(await readTemplateFile(Buffer.from(JSON.stringify(json.body)))).toEqual(original);
    const back = await admin.upload(`${BASE}/import`, buffer, 'SIPAS.xlsx');
    expect(back.body).toMatchObject({ code: 'SIPAS', outcome: 'unchanged' });
    // The officials' weights (and the unweighted option) survive the workbook.
    const officials = await fetch(`${server.baseUrl}${BASE}/OFFICIALS/export?format=xlsx`, { headers: { cookie: viewer.cookie! } });
    expect(await readTemplateFile(Buffer.from(await officials.arrayBuffer()))).toEqual(shippedTemplates()[1]);
    expect((await viewer.get(`${BASE}/SIPAS/export?format=pdf`)).status).toBe(400);
  });
});
