import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { readTemplateFile } from '../src/modules/survey-templates/file.js';
import { shippedTemplatePath } from '../src/modules/survey-templates/shipped.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';

let ws: CliWorkspace;

const audit = () =>
  ws.withDb(async ({ db }) =>
    queryRows<{ action: string; actor: string; entity: string }>(
      db,
      sql`select action, actor_username as actor, entity_id as entity from audit_log where entity_type = 'survey_template' order by id`,
    ),
  );

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-survey-templates-');
});
afterAll(() => ws?.close());

describe('parindex import/export survey-template', { timeout: 180_000 }, () => {
  it('has help for both commands', () => {
    expect(helpOf(['import', 'survey-template']).replace(/\s+/g, ' ')).toContain('JSON or XLSX');
    const help = helpOf(['export', 'survey-template']);
    expect(help).toContain('--code <code>');
    expect(help).toContain('--out <file>');
  });

  it('imports the shipped SIPAS file, exports it as XLSX and JSON, and reads both back to the same template', async () => {
    const source = shippedTemplatePath('sipas-2026.json');
    const imported = await ws.run(['import', 'survey-template', source]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('survey template SIPAS: created (31 questions, version 1)\n');
    const original = await readTemplateFile(fs.readFileSync(source));

    const xlsx = path.join(ws.dir, 'sipas.xlsx');
    const exported = await ws.run(['export', 'survey-template', '--code', 'SIPAS', '--out', xlsx]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(await readTemplateFile(fs.readFileSync(xlsx))).toEqual(original);

    const json = await ws.run(['export', 'survey-template', '--code', 'SIPAS', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(original);

    // Re-importing the exported workbook changes nothing; an edited one replaces the template, audited as the CLI.
    expect((await ws.run(['import', 'survey-template', xlsx])).stdout).toBe('survey template SIPAS: unchanged (31 questions, version 1)\n');
    const edited = path.join(ws.dir, 'edited.json');
    fs.writeFileSync(edited, JSON.stringify({ ...original, name: 'SIPAS tỉnh 2026' }));
    expect((await ws.run(['import', 'survey-template', edited])).stdout).toBe('survey template SIPAS: replaced (31 questions, version 2)\n');
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.entity])).toEqual([
      ['create', 'SIPAS'],
      ['update', 'SIPAS'],
    ]);
    expect(rows.every((r) => r.actor.startsWith('cli:'))).toBe(true);
  });

  it('refuses a bad file naming the row and column, and an unknown code', async () => {
    const bad = path.join(ws.dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify(
        { code: 'B', name: 'x', kind: 'custom', questions: [{ code: 'q', section: 's', text: 't', type: 'single', role: 'other', options: [] }] },
        null,
        2,
      ),
    );
    const run = await ws.run(['import', 'survey-template', bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Template file rejected: 1 error(s), nothing was written');
    expect(run.stderr).toContain('column questions.0.options: question q has no options');
    const missing = await ws.run(['export', 'survey-template', '--code', 'NOPE']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Survey template NOPE not found');
  });
});
