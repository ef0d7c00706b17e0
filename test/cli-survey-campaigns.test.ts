import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { surveyTemplates } from '../src/db/schema.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace, helpOf, runCli } from './helpers/cli.js';
import { insertTimelinessFixture } from './helpers/timeliness-fixtures.js';

/*
 * Block XA in 2025: X1 with 9 dossiers received in 2025 → target ceil(3600/409) = 9; X2 with 32 → ceil(12800/432) = 30
 * (test/helpers/timeliness-fixtures.ts).
 */
let ws: CliWorkspace;

const campaignCount = () => ws.withDb(async ({ db }) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from survey_campaigns`))[0]!.n);

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-campaign-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    for (const [code, name] of [
      ['SO', 'Khối sở'],
      ['HUYEN', 'Khối huyện'],
      ['XA', 'Khối xã'],
    ]) {
      await createBlock(db, actor, { code: code!, name: name! }, 2025);
    }
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'H1', name: 'Huyện An Phú', blockCode: 'HUYEN', year: 2025 });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', parentCode: 'H1', blockCode: 'XA', year: 2025 });
    await createUnit(db, actor, { code: 'X2', name: 'Xã Hòa Bình', parentCode: 'H1', blockCode: 'XA', year: 2025 });
    await insertTimelinessFixture(db);
    await db.insert(surveyTemplates).values({
      code: 'SIPAS',
      name: 'Phiếu SIPAS',
      kind: 'sipas',
      questions: [{ code: 'q1', section: 'access', text: 'Hài lòng?', type: 'scale', role: 'satisfaction', required: true, options: [] }],
    });
  });
}, 120_000);
afterAll(() => ws?.close());

describe('parindex campaign', { timeout: 180_000 }, () => {
  it('has help for open, list and links', () => {
    expect(helpOf(['campaign', 'open'])).toContain('--template <code>');
    expect(helpOf(['campaign', 'list'])).toContain('--year <year>');
    expect(helpOf(['campaign', 'links'])).toContain('--labels <file>');
  });

  it('refuses a bad date and an unknown template in Vietnamese, writing nothing', async () => {
    const env = { ...ws.env, PARINDEX_LANG: 'vi' };
    const vi = await runCli(['campaign', 'open', '--code', 'C1', '--template', 'SIPAS', '--year', '2025', '--block', 'XA', '--opens', '2025-02-30'], env);
    expect(vi.code).toBe(1);
    expect(vi.stderr).toContain('opensOn: phải là ngày dạng YYYY-MM-DD');
    const template = await runCli(['campaign', 'open', '--code', 'C1', '--template', 'NOPE', '--year', '2025', '--block', 'XA'], env);
    expect(template.code).toBe(1);
    expect(template.stderr).toContain('không có mẫu phiếu NOPE');
    expect(await campaignCount()).toBe(0);
  });

  it('opens a campaign over a block (whole year, all channels) and prints units and targets', async () => {
    const run = await ws.run(['campaign', 'open', '--code', 'SIPAS-XA', '--template', 'SIPAS', '--year', '2025', '--block', 'xa', '--name', 'SIPAS khối xã']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('campaign SIPAS-XA opened (sipas, template SIPAS): 2025-01-01 → 2025-12-31, channels qr,link,kiosk,paper,import, 2 units, target 39');
    expect(lines[1]).toMatch(/^unit_code\s+transactions\s+target\s+short_link$/);
    expect(lines[2]).toMatch(/^X1\s+9\s+9\s+\/s\/[a-z2-9]{8}$/);
    expect(lines[3]).toMatch(/^X2\s+32\s+30\s+\/s\/[a-z2-9]{8}$/);
    const stored = await ws.withDb(({ db }) =>
      queryRows<{ name: string; audit: number }>(
        db,
        sql`select name, (select count(*)::int from audit_log where entity_type = 'survey_campaign' and entity_id = 'SIPAS-XA') as audit from survey_campaigns`,
      ),
    );
    expect(stored).toEqual([{ name: 'SIPAS khối xã', audit: 1 }]);
  });

  it('lists campaigns and issues personal links from a file of labels', async () => {
    const list = await ws.run(['campaign', 'list', '--year', '2025']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[1]).toMatch(/^SIPAS-XA\s+sipas\s+2025\s+2025-01-01\s+2025-12-31\s+(open|closed|scheduled)\s+2\s+0\/39$/);
    // A campaign of a year still to come takes links (SIPAS-XA of 2025 is over by now).
    const future = await ws.run([
      'campaign',
      'open',
      '--code',
      'SIPAS-2099',
      '--template',
      'SIPAS',
      '--year',
      '2099',
      '--units',
      'X1',
      '--channels',
      'link,qr',
    ]);
    expect(future.stderr).toBe('');
    expect(future.stdout.split('\n')[0]).toBe(
      'campaign SIPAS-2099 opened (sipas, template SIPAS): 2099-01-01 → 2099-12-31, channels link,qr, 1 units, target 0',
    );
    const labels = path.join(ws.dir, 'labels.txt');
    fs.writeFileSync(labels, 'Nguyễn Văn A\n\nb@example.vn\n');
    const out = path.join(ws.dir, 'links.csv');
    const run = await ws.run([
      'campaign',
      'links',
      '--code',
      'SIPAS-2099',
      '--unit',
      'x1',
      '--labels',
      labels,
      '--base-url',
      'https://ks.example.vn/',
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`2 links written to ${out} (they cannot be shown again)\n`);
    const csv = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('label,group_code,unit_code,url');
    expect(csv[1]).toMatch(/^Nguyễn Văn A,,X1,https:\/\/ks\.example\.vn\/s\/t\/[A-Za-z0-9_-]{32}$/);
    expect(csv[2]).toMatch(/^b@example\.vn,,X1,https:\/\/ks\.example\.vn\/s\/t\/[A-Za-z0-9_-]{32}$/);
    const tokens = await ws.withDb(({ db }) => queryRows<{ label: string }>(db, sql`select label from survey_tokens order by id`));
    expect(tokens).toEqual([{ label: 'Nguyễn Văn A' }, { label: 'b@example.vn' }]);
  });
});
