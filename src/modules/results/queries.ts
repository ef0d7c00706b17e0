import { and, desc, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { blocks, publications, rounds } from '../../db/schema.js';
import type { LeafScore } from '../../domain/results.js';

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

/** The latest published revision of a round, or null. */
export async function latestPublication(db: DbOrTx, roundId: number) {
  const [row] = await db.select().from(publications).where(eq(publications.roundId, roundId)).orderBy(desc(publications.revision)).limit(1);
  return row ?? null;
}

export async function getRound(db: DbOrTx, id: number): Promise<RoundRow | null> {
  const [row] = await db.select(roundColumns).from(rounds).innerJoin(blocks, eq(blocks.id, rounds.blockId)).where(eq(rounds.id, id));
  return row ?? null;
}

/** Units taking part in a round, with the name they had in the round's year and whether they submitted. */
export async function roundParticipants(db: DbOrTx, roundId: number, year: number) {
  return queryRows<{ id: number; code: string; name: string; submitted: boolean }>(
    db,
    sql`select u.id, u.code,
          coalesce((select n.name from unit_names n where n.unit_id = u.id and n.from_year <= ${year} order by n.from_year desc limit 1), u.name) as name,
          a.submitted_at is not null as submitted
        from unit_assessments a join units u on u.id = a.unit_id
        where a.round_id = ${roundId} order by u.code`,
  );
}

/**
 * Every score of a round, one row per unit with its leaves packed as "criterionId:na:self:appraised:council;…"
 * (numeric(8,2) prints exactly two decimals, so the digits without the dot are hundredths). The table
 * score_vectors is kept by triggers on scores (migration 0005), so reading a national-scale round is 4,500 short
 * rows, not half a million.
 */
async function packedRows(db: DbOrTx, roundId: number) {
  return queryRows<{ unit_id: number; packed: string }>(db, sql`select unit_id, packed from score_vectors where round_id = ${roundId}`);
}

/**
 * Reads "criterionId:na:self:appraised:council;…" (points with two decimals; empty = no value) and calls `onLeaf`
 * for each item. Hand-parsed: half a million items is the national scale.
 */
function parsePacked(packed: string, onLeaf: (criterionId: number, leaf: LeafScore) => void) {
  const fields: (number | null)[] = [0, 0, 0, 0, 0];
  const length = packed.length;
  let i = 0;
  while (i < length) {
    for (let k = 0; k < 5; k++) {
      let negative = false;
      let value = 0;
      let digits = false;
      if (packed.charCodeAt(i) === 45) {
        negative = true;
        i++;
      }
      for (let ch = packed.charCodeAt(i); (ch >= 48 && ch <= 57) || ch === 46; ch = packed.charCodeAt(++i)) {
        if (ch === 46) continue; // the decimal point of a two-decimal value
        value = value * 10 + ch - 48;
        digits = true;
      }
      fields[k] = digits ? (negative ? -value : value) : null;
      i++; // the ':' or ';' after the field
    }
    onLeaf(fields[0]!, { notApplicable: fields[1] === 1, self: fields[2]!, appraised: fields[3]!, council: fields[4]! });
  }
}

/**
 * Every stage of every score of a round, one row per unit with the leaves packed in a string:
 * 4,500 rows instead of 540,000 keeps the transfer cheap.
 */
export async function loadRoundScores(db: DbOrTx, roundId: number): Promise<Map<number, Map<number, LeafScore>>> {
  const result = new Map<number, Map<number, LeafScore>>();
  for (const row of await packedRows(db, roundId)) {
    const leaves = new Map<number, LeafScore>();
    parsePacked(row.packed, (criterionId, leaf) => leaves.set(criterionId, leaf));
    result.set(row.unit_id, leaves);
  }
  return result;
}

/** The same, as one array per unit in the order of the scoring leaves (`positionOf` criterion id → leaf). */
export async function loadRoundScoreVectors(
  db: DbOrTx,
  roundId: number,
  positionOf: ReadonlyMap<number, number>,
  leafCount: number,
): Promise<Map<number, (LeafScore | undefined)[]>> {
  const result = new Map<number, (LeafScore | undefined)[]>();
  for (const row of await packedRows(db, roundId)) {
    const leaves = new Array<LeafScore | undefined>(leafCount);
    parsePacked(row.packed, (criterionId, leaf) => {
      const at = positionOf.get(criterionId);
      if (at !== undefined) leaves[at] = leaf;
    });
    result.set(row.unit_id, leaves);
  }
  return result;
}
