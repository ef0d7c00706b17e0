import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';

/**
 * "What must be true" 4 of issue 9: edits people make side by side (units, procedures, framework drafts, the apology
 * letter template) carry a version. Reads return it in the body and as the ETag; a write sending an older one in
 * If-Match is refused with 409 stale_version and the current value in details.current; without If-Match it is not
 * checked. Two editors who loaded the same version and save at once: exactly one wins.
 */
let server: TestServer;
let admin: ApiClient;
let other: ApiClient; // a second organizer, in another browser

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  other = await server.loginAs('admin');
});
afterAll(() => server?.close());

const ifMatch = (version: number) => ({ headers: { 'if-match': `"${version}"` } });

function expectStale(response: ApiResponse, current: Record<string, unknown>) {
  expect(response.status, response.text).toBe(409);
  expect(response.body.error.code).toBe('stale_version');
  expect(response.body.error.details.current).toMatchObject(current);
}

describe('units', () => {
  it('the ETag is the version; a rename made on an older version is refused with the unit as it is now', async () => {
    const read = await admin.get(`/api/v1/units/SCT?year=${TEST_YEAR}`);
    const version = read.body.version as number;
    expect(read.headers.get('etag')).toBe(`"${version}"`);

    const first = await admin.patch('/api/v1/units/SCT', { name: 'Sở Công Thương tỉnh', year: TEST_YEAR }, ifMatch(version));
    expect(first.status, first.text).toBe(200);
    expect(first.body.version).toBe(version + 1);
    expect(first.headers.get('etag')).toBe(`"${version + 1}"`);

    const stale = await other.patch('/api/v1/units/SCT', { name: 'Sở Công Thương (cũ)', year: TEST_YEAR }, ifMatch(version));
    expectStale(stale, { code: 'SCT', name: 'Sở Công Thương tỉnh', version: version + 1 });
    expect((await admin.get(`/api/v1/units/SCT?year=${TEST_YEAR}`)).body.name).toBe('Sở Công Thương tỉnh');
    // Without If-Match the change goes through (API clients, the CLI).
    expect((await other.patch('/api/v1/units/SCT', { name: 'Sở Công Thương', year: TEST_YEAR })).status).toBe(200);
  });

  it('of 10 editors saving on the same version at once, one wins', async () => {
    const { version } = (await admin.get(`/api/v1/units/SNV?year=${TEST_YEAR}`)).body;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? admin : other).patch('/api/v1/units/SNV', { name: `Sở Nội vụ ${i}`, year: TEST_YEAR }, ifMatch(version))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const winner = answers.find((a) => a.status === 200)!;
    expect((await admin.get(`/api/v1/units/SNV?year=${TEST_YEAR}`)).body).toMatchObject({ name: winner.body.name, version: version + 1 });
  });
});

describe('procedures', () => {
  it('GET gives the ETag; PATCH with a stale If-Match gets 409 with the current procedure', async () => {
    const created = await admin.post('/api/v1/procedures', {
      code: '1.000009',
      name: 'Cấp giấy phép',
      field: 'Công thương',
      unitCode: 'SCT',
      legalDays: 10,
      onlineLevel: 'full',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.version).toBe(1);
    const read = await admin.get('/api/v1/procedures/1.000009');
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await admin.patch('/api/v1/procedures/1.000009', { legalDays: 12 }, ifMatch(1))).body).toMatchObject({ legalDays: 12, version: 2 });
    expectStale(await other.patch('/api/v1/procedures/1.000009', { legalDays: 15 }, ifMatch(1)), { legalDays: 12, version: 2 });
    expect((await admin.get('/api/v1/procedures/1.000009')).body.legalDays).toBe(12);
    // The public catalogue does not show versions.
    expect((await server.client().get('/api/v1/public/procedures/1.000009')).body.version).toBeUndefined();
  });
});

describe('framework drafts', () => {
  it('a save of the draft on an older version is refused; the draft keeps the first save', async () => {
    const created = await admin.post('/api/v1/frameworks', {
      year: TEST_YEAR,
      blockCode: 'SO',
      name: 'Bộ tiêu chí nháp',
      classes: [
        { label: 'Tốt', min: 90 },
        { label: 'Yếu', min: 0 },
      ],
      criteria: [
        { code: '1', title: 'Chỉ đạo', maxPoints: 10, method: 'manual' },
        { code: '1.1', title: 'Kế hoạch', maxPoints: 10, method: 'manual' },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as number;
    const read = await admin.get(`/api/v1/frameworks/${id}`);
    const version = read.body.version as number;
    expect(read.headers.get('etag')).toBe(`"${version}"`);
    const content = {
      name: read.body.name,
      classes: read.body.classes,
      criteria: [
        { code: '1', title: 'Chỉ đạo', maxPoints: 10, method: 'manual' },
        { code: '1.1', title: 'Kế hoạch năm', maxPoints: 10, method: 'manual' },
      ],
    };
    const first = await admin.put(`/api/v1/frameworks/${id}`, content, ifMatch(version));
    expect(first.status, first.text).toBe(200);
    expect(first.body.version).toBe(version + 1);
    const stale = await other.put(`/api/v1/frameworks/${id}`, { ...content, name: 'Tên khác' }, ifMatch(version));
    expectStale(stale, { id, name: 'Bộ tiêu chí nháp', version: version + 1 });
    expect(stale.body.error.details.current.criteria[0].children[0].title).toBe('Kế hoạch năm');
    expect((await admin.get(`/api/v1/frameworks/${id}`)).body.name).toBe('Bộ tiêu chí nháp');
  });
});

describe('apology letter template', () => {
  it('version 0 is the built-in template; two saves on the same version: the second is refused', async () => {
    const read = await admin.get('/api/v1/apology-letters/template');
    expect(read.body).toMatchObject({ isDefault: true, version: 0 });
    expect(read.headers.get('etag')).toBe('"0"');
    const template = read.body.template;
    const answers = await Promise.all([
      admin.put('/api/v1/apology-letters/template', { ...template, place: 'Phú Thọ' }, ifMatch(0)),
      other.put('/api/v1/apology-letters/template', { ...template, place: 'Việt Trì' }, ifMatch(0)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.body.version).toBe(1);
    expectStale(
      answers.find((a) => a.status === 409)!,
      { isDefault: false, version: 1, template: { place: winner.body.template.place } },
    );
    // Back to the built-in template, on the version read.
    expectStale(await admin.delete('/api/v1/apology-letters/template', ifMatch(0)), { version: 1 });
    expect((await admin.delete('/api/v1/apology-letters/template', ifMatch(1))).body).toMatchObject({ isDefault: true, version: 0 });
  });
});
