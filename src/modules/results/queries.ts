import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { blocks, criteria, frameworks, rounds } from '../../db/schema.js';
import type { ClassBand, Method } from '../../domain/framework.js';
import { parsePoints } from '../../domain/points.js';
import type { LeafScore } from '../../domain/results.js';

export interface ScoringFramework {
  id: number;
  name: string;
  classes: ClassBand[];
  criteria: { id: number; code: string; title: string; method: Method; maxPoints: number }[];
}

export interface RoundRow {
  id: number;
  year: number;
  blockId: number;
  blockCode: string;
  blockName: string;
  frameworkId: number;
  status: 'open' | 'approved' | 'published';
  historical: boolean;
}

const roundColumns = {
  id: rounds.id,
  year: rounds.year,
  blockId: rounds.blockId,
  blockCode: blocks.code,
  blockName: blocks.name,
  frameworkId: rounds.frameworkId,
  status: rounds.status,
  historical: rounds.historical,
};

export async function findRound(db: DbOrTx, year: number, blockCode: string): Promise<RoundRow | null> {
  const [row] = await db
    .select(roundColumns)
    .from(rounds)
    .innerJoin(blocks, eq(blocks.id, rounds.blockId))
    .where(and(eq(rounds.year, year), eq(blocks.code, blockCode)));
  return row ?? null;
}

export async function getRound(db: DbOrTx, id: number): Promise<RoundRow | null> {
  const [row] = await db.select(roundColumns).from(rounds).innerJoin(blocks, eq(blocks.id, rounds.blockId)).where(eq(rounds.id, id));
  return row ?? null;
}

/** The latest framework revision of a year and block, if any. */
export async function latestFrameworkId(db: DbOrTx, year: number, blockId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: frameworks.id })
    .from(frameworks)
    .where(and(eq(frameworks.year, year), eq(frameworks.blockId, blockId)))
    .orderBy(desc(frameworks.revision))
    .limit(1);
  return row?.id ?? null;
}

export async function loadScoringFramework(db: DbOrTx, frameworkId: number): Promise<ScoringFramework> {
  const [framework] = await db.select().from(frameworks).where(eq(frameworks.id, frameworkId));
  if (!framework) throw new Error(`framework ${frameworkId} not found`);
  const rows = await db
    .select({ id: criteria.id, code: criteria.code, title: criteria.title, method: criteria.method, maxPoints: criteria.maxPoints })
    .from(criteria)
    .where(eq(criteria.frameworkId, frameworkId))
    .orderBy(asc(criteria.position));
  return {
    id: framework.id,
    name: framework.name,
    classes: framework.classes,
    criteria: rows.map((r) => ({ ...r, maxPoints: parsePoints(r.maxPoints) })),
  };
}

/** Units taking part in a round, with the name they had in the round's year. */
export async function roundParticipants(db: DbOrTx, roundId: number, year: number) {
  return queryRows<{ id: number; code: string; name: string }>(
    db,
    sql`select u.id, u.code,
          coalesce((select n.name from unit_names n where n.unit_id = u.id and n.from_year <= ${year} order by n.from_year desc limit 1), u.name) as name
        from unit_assessments a join units u on u.id = a.unit_id
        where a.round_id = ${roundId} order by u.code`,
  );
}

/**
 * Every stage of every score of a round, one row per unit with the leaves packed in a string
 * ("criterionId:na:self:appraised:council;…"): 4,500 rows instead of 540,000 keeps the transfer cheap.
 */
export async function loadRoundScores(db: DbOrTx, roundId: number): Promise<Map<number, Map<number, LeafScore>>> {
  const rows = await queryRows<{ unit_id: number; packed: string }>(
    db,
    sql`select unit_id, string_agg(concat_ws(':', criterion_id, not_applicable::int,
          coalesce((self_score * 100)::int::text, ''), coalesce((appraised_score * 100)::int::text, ''),
          coalesce((council_score * 100)::int::text, '')), ';') as packed
        from scores where round_id = ${roundId} group by unit_id`,
  );
  const result = new Map<number, Map<number, LeafScore>>();
  const value = (text: string | undefined) => (text ? Number(text) : null);
  for (const row of rows) {
    const leaves = new Map<number, LeafScore>();
    for (const item of row.packed.split(';')) {
      const [criterionId, na, self, appraised, council] = item.split(':');
      leaves.set(Number(criterionId), { notApplicable: na === '1', self: value(self), appraised: value(appraised), council: value(council) });
    }
    result.set(row.unit_id, leaves);
  }
  return result;
}
