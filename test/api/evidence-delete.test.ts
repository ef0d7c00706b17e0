import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';

/**
 * Removing an evidence file (DELETE /rounds/:id/units/:unit/evidence/:id): the unit's own staff, before submission,
 * within the self-assessment window (extensions included); audited; the others are refused and nothing changes.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient; // SCT
let leader: ApiClient; // SCT
let snvOfficer: ApiClient;
let appraiser: ApiClient; // SNV, appraises field 1
let roundId: number;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);
const path = (unit: string, rest: string) => `/api/v1/rounds/${roundId}/units/${unit}${rest}`;
const sct = (rest: string) => path('SCT', rest);

async function evidenceOf(client: ApiClient, unit: string, code: string): Promise<{ id: number; fileName: string }[]> {
  const sheet = await client.get(path(unit, '/assessment'));
  expect(sheet.status, sheet.text).toBe(200);
  return sheet.body.criteria.find((c: { code: string }) => c.code === code).evidence;
}

async function evidenceAudit(): Promise<{ total: number; items: { action: string; entityId: string; before: { fileName: string } | null }[] }> {
  return (await admin.get('/api/v1/audit?entityType=evidence&limit=5')).body;
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  leader = await server.loginAs('unit_leader', 'SCT');
  snvOfficer = await server.loginAs('unit_officer', 'SNV');
  appraiser = await server.loginAs('appraiser', 'SNV');
  roundId = await openRound2025(server, admin, {
    name: 'Bộ tiêu chí 2025',
    classes: [
      { label: 'Đạt', min: 50 },
      { label: 'Không đạt', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 4, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual', evidenceRequired: true },
    ],
  });
});
afterAll(() => server?.close());

describe('removing evidence', () => {
  let planId: number;
  let photoId: number;
  let snvId: number;

  it("the unit's officer removes one of two files; the other stays, and the removal is audited", async () => {
    planId = (await officer.upload(sct('/scores/1.1/evidence'), PDF, 'Kế hoạch (bản cũ).pdf')).body.id;
    photoId = (await officer.upload(sct('/scores/1.1/evidence'), PNG, 'anh-hop.png')).body.id;
    snvId = (await snvOfficer.upload(path('SNV', '/scores/1.1/evidence'), PDF, 'ke-hoach-snv.pdf')).body.id;
    expect(await evidenceOf(officer, 'SCT', '1.1')).toHaveLength(2);
    const auditBefore = (await evidenceAudit()).total;

    const res = await officer.delete(sct(`/evidence/${planId}`));
    expect(res.status, res.text).toBe(204);
    expect((await evidenceOf(officer, 'SCT', '1.1')).map((e) => e.fileName)).toEqual(['anh-hop.png']);
    const audit = await evidenceAudit();
    expect(audit.total).toBe(auditBefore + 1);
    expect(audit.items[0]).toMatchObject({ action: 'delete', entityId: String(planId), before: { fileName: 'Kế hoạch (bản cũ).pdf' } });
    // Gone: neither downloadable nor removable again.
    expect((await officer.get(sct(`/evidence/${planId}`))).status).toBe(404);
    expect((await officer.delete(sct(`/evidence/${planId}`))).status).toBe(404);
    // The same content uploaded by SNV is untouched (files are stored once by content).
    const download = await fetch(`${server.baseUrl}${path('SNV', `/evidence/${snvId}`)}`, { headers: { cookie: snvOfficer.cookie! } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('nobody else removes it, and another unit cannot reach it through its own path', async () => {
    const auditBefore = (await evidenceAudit()).total;
    expect((await snvOfficer.delete(sct(`/evidence/${photoId}`))).status).toBe(403);
    expect((await appraiser.delete(sct(`/evidence/${photoId}`))).status).toBe(403);
    expect((await admin.delete(sct(`/evidence/${photoId}`))).status).toBe(403);
    // SCT's officer naming SNV's file under SCT's path: not found, not deleted.
    expect((await officer.delete(sct(`/evidence/${snvId}`))).status).toBe(404);
    expect((await evidenceAudit()).total).toBe(auditBefore);
    expect(await evidenceOf(snvOfficer, 'SNV', '1.1')).toHaveLength(1);
    expect(await evidenceOf(officer, 'SCT', '1.1')).toHaveLength(1);
  });

  it('after the self-assessment deadline it is refused, until the organizer extends the window for the unit', async () => {
    server.now = '2025-11-30T17:00:00Z'; // 00:00 on 1 December in Vietnam
    const late = await snvOfficer.delete(path('SNV', `/evidence/${snvId}`));
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'deadline_passed', message: 'The self-assessment deadline was 2025-11-30' });
    const extended = await admin.post(`/api/v1/rounds/${roundId}/extensions`, {
      unitCode: 'SNV',
      stage: 'self_assessment',
      until: '2025-12-03',
      reason: 'Bổ sung tài liệu kiểm chứng',
    });
    expect(extended.status, extended.text).toBe(200);
    expect((await snvOfficer.delete(path('SNV', `/evidence/${snvId}`))).status).toBe(204);
    expect(await evidenceOf(snvOfficer, 'SNV', '1.1')).toEqual([]);
    // SCT has no extension.
    expect((await officer.delete(sct(`/evidence/${photoId}`))).status).toBe(409);
  });

  it('after submission the evidence is locked, for the leader too', async () => {
    const extended = await admin.post(`/api/v1/rounds/${roundId}/extensions`, {
      unitCode: 'SCT',
      stage: 'self_assessment',
      until: '2025-12-03',
      reason: 'Bổ sung tài liệu kiểm chứng',
    });
    expect(extended.status, extended.text).toBe(200);
    expect((await officer.put(sct('/scores/1.1/self'), { score: 3 })).status).toBe(200);
    expect((await leader.post(sct('/submit'))).status).toBe(200);
    const auditBefore = (await evidenceAudit()).total;
    const locked = await leader.delete(sct(`/evidence/${photoId}`));
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatchObject({ code: 'conflict', message: 'The self-assessment was submitted and is locked' });
    expect((await evidenceAudit()).total).toBe(auditBefore);
    expect((await evidenceOf(leader, 'SCT', '1.1')).map((e) => e.id)).toEqual([photoId]);
  });
});
