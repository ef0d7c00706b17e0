import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { criteria, rounds, scores, units } from '../../src/db/schema.js';
import { insertFixtureFramework } from '../helpers/results-fixtures.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';

/**
 * score_vectors (migration 0005) packs every score of a round per unit and is kept by triggers on scores; the
 * results read it instead of the scores. After any write it must equal a fresh packing of the scores.
 */
let server: TestServer;
let roundId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await insertFixtureFramework(server.db, TEST_YEAR);
  const [fw] = await queryRows<{ id: number; block_id: number }>(server.db, sql`select id, block_id from frameworks limit 1`);
  const [round] = await server.db.insert(rounds).values({ frameworkId: fw!.id, year: TEST_YEAR, blockId: fw!.block_id, status: 'open' }).returning();
  roundId = round!.id;
  for (const row of await server.db.select({ id: criteria.id, code: criteria.code }).from(criteria)) ids[row.code] = row.id;
  for (const row of await server.db.select({ id: units.id, code: units.code }).from(units)) ids[row.code] = row.id;
});
afterAll(() => server?.close());

/** The vectors as the triggers keep them, each unit's items sorted, and as packed from the scores right now. */
async function vectors() {
  const sortItems = (packed: string) => packed.split(';').sort().join(';');
  const kept = await queryRows<{ unit_id: number; packed: string }>(
    server.db,
    sql`select unit_id, packed from score_vectors where round_id = ${roundId} order by unit_id`,
  );
  const fresh = await queryRows<{ unit_id: number; packed: string }>(
    server.db,
    sql`select unit_id, string_agg(criterion_id || ':' || not_applicable::int || ':' || coalesce(self_score::text, '') || ':'
          || coalesce(appraised_score::text, '') || ':' || coalesce(council_score::text, ''), ';') as packed
        from scores where round_id = ${roundId} group by unit_id order by unit_id`,
  );
  return { kept: kept.map((r) => [r.unit_id, sortItems(r.packed)]), fresh: fresh.map((r) => [r.unit_id, sortItems(r.packed)]) };
}

describe('score vectors kept by triggers', () => {
  it('follow inserts, updates, upserts and deletes, per unit', async () => {
    const { db } = server;
    await db.insert(scores).values([
      { roundId, unitId: ids.SNV!, criterionId: ids['1.1']!, selfScore: '3.50' },
      { roundId, unitId: ids.SNV!, criterionId: ids['1.2']!, notApplicable: true, notApplicableReason: 'không có' },
      { roundId, unitId: ids.SCT!, criterionId: ids['2.1']!, selfScore: '9.75' },
    ]);
    let v = await vectors();
    expect(v.kept).toEqual(v.fresh);
    // Hand-written: criterion id, not applicable, self, appraised, council.
    expect(v.kept).toContainEqual([ids.SCT!, `${ids['2.1']}:0:9.75::`]);

    await db.execute(sql`update scores set appraised_score = 3, council_score = 2.25 where unit_id = ${ids.SNV!} and criterion_id = ${ids['1.1']!}`);
    v = await vectors();
    expect(v.kept).toEqual(v.fresh);
    expect(v.kept.find(([unit]) => unit === ids.SNV)![1]).toContain(`${ids['1.1']}:0:3.50:3.00:2.25`);

    await db
      .insert(scores)
      .values({ roundId, unitId: ids.SCT!, criterionId: ids['2.1']!, selfScore: '8' })
      .onConflictDoUpdate({ target: [scores.roundId, scores.unitId, scores.criterionId], set: { selfScore: '8' } });
    v = await vectors();
    expect(v.kept).toEqual(v.fresh);
    expect(v.kept).toContainEqual([ids.SCT!, `${ids['2.1']}:0:8.00::`]);

    await db.execute(sql`delete from scores where unit_id = ${ids.SCT!}`);
    v = await vectors();
    expect(v.kept).toEqual(v.fresh);
    expect(v.kept.map(([unit]) => unit)).toEqual([ids.SNV]);
  });

  it('go with their round', async () => {
    await server.db.execute(sql`delete from rounds where id = ${roundId}`);
    const [left] = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from score_vectors`);
    expect(left!.n).toBe(0);
  });
});
