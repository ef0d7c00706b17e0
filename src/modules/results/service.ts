import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { blocks, publications, rounds } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { computeRoundResults } from './compute.js';
import { findRound, latestPublication, type RoundRow } from './queries.js';
import { fail } from './reasons.js';
import type { BlockResults, CriterionDetail, Publication, PublishedRound, ResultsCan, UnitCriteriaResults, UnitProblem } from './schemas.js';

/**
 * Reading results: the ranking a caller may see (a published revision, frozen and cached, or the live computation
 * for those who may preview), a unit's criteria, the publications. Writes are in commands.ts (publication) and
 * scores-import.ts (past years); documents/ turns these results into files.
 */

// The operations callers outside the module use, where they have always been.
export { computeRoundResults } from './compute.js';
export { publishRound } from './commands.js';
export { importScores } from './scores-import.js';
export { evaluateSurveyCriteria, surveySource } from './survey-points.js';

/**
 * Why a unit has no index in a revision published before problems were reasons (an English sentence): the same
 * reason as today's, so every revision speaks the user's language.
 */
function legacyProblem(text: string): UnitProblem {
  if (text.startsWith('every criterion counted in the maximum is not applicable')) return { code: 'no_applicable_criteria', params: {}, message: text };
  const outside = /^criterion (\S+): score (\S+) is outside 0–(\S+)$/.exec(text);
  if (outside)
    return { code: 'criterion_score_outside_range', params: { criterion: outside[1]!, score: Number(outside[2]), max: Number(outside[3]) }, message: text };
  const formula = /^criterion (\S+): /.exec(text);
  return { code: 'criterion_formula_not_computed', params: { criterion: formula?.[1] ?? '?' }, message: text };
}

/**
 * A unit's criteria in a revision published before formula reasons were reasons (English text): the reason of its
 * first variable without a value, or for an error the criterion's own, with the old text as the message.
 */
function storedDetails(details: unknown): Record<string, CriterionDetail[]> | null {
  const stored = details as Record<string, CriterionDetail[]> | null;
  if (!stored) return null;
  const legacy = (c: CriterionDetail): CriterionDetail => {
    const formula = c.formula as (Omit<NonNullable<CriterionDetail['formula']>, 'reason'> & { reason: unknown }) | undefined;
    if (!formula || typeof formula.reason !== 'string') return c;
    const missing = formula.inputs.find((i) => i.missing !== null);
    const reason: NonNullable<CriterionDetail['formula']>['reason'] =
      formula.status === 'missing' && missing
        ? { code: `formula_variable_${missing.missing}`, params: { variable: missing.name }, message: formula.reason }
        : { code: 'criterion_formula_not_computed', params: { criterion: c.code }, message: formula.reason };
    return { ...c, formula: { ...formula, reason } };
  };
  return Object.fromEntries(Object.entries(stored).map(([unit, criteria]) => [unit, criteria.map(legacy)]));
}

/** A stored revision's results as the API answers them (older revisions kept problems as English text). */
function storedResults(results: unknown): BlockResults {
  const stored = results as BlockResults;
  if (!stored.units.some((u) => typeof u.problem === 'string')) return stored;
  return { ...stored, units: stored.units.map((u) => (typeof u.problem === 'string' ? { ...u, problem: legacyProblem(u.problem) } : u)) };
}

/**
 * One unit's criteria as published (latest revision) for everyone, or computed now for the organizer and council
 * before publication.
 */
export async function unitCriteriaResults(db: DbOrTx, year: number, blockCode: string, unitCode: string, mayPreview: boolean): Promise<UnitCriteriaResults> {
  const round = await requireRound(db, year, blockCode);
  const published = await latestPublication(db, round.id);
  const code = normalizeCode(unitCode);
  let details: Record<string, CriterionDetail[]> | null;
  if (published) details = storedDetails(published.details);
  else if (mayPreview) details = (await computeRoundResults(db, round, { details: true })).details;
  else throw fail('published_results_not_found', { year, block: round.blockCode });
  const criteria = details?.[code];
  if (!criteria) throw fail('unit_results_not_found', { unit: code, year, block: round.blockCode });
  return { year, blockCode: round.blockCode, unitCode: code, revision: published?.revision ?? null, criteria };
}

/** Years and blocks that have published results, newest year first. */
export async function publishedRounds(db: DbOrTx): Promise<PublishedRound[]> {
  return db
    .selectDistinct({ year: rounds.year, blockCode: blocks.code, blockName: blocks.name })
    .from(publications)
    .innerJoin(rounds, eq(rounds.id, publications.roundId))
    .innerJoin(blocks, eq(blocks.id, rounds.blockId))
    .orderBy(desc(rounds.year), blocks.code);
}

/** The published revisions of a round, newest first. */
export async function publicationHistory(db: DbOrTx, roundId: number): Promise<Publication[]> {
  const rows = await db
    .select({ revision: publications.revision, reason: publications.reason, publishedAt: publications.publishedAt })
    .from(publications)
    .where(eq(publications.roundId, roundId))
    .orderBy(desc(publications.revision));
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}

/**
 * Published revisions never change, so their answer is serialized once per process and kept (a few hundred
 * kilobytes per block at most); the key is the publication's id.
 */
const publishedJsonCache = new Map<number, string>();
const PUBLISHED_CACHE_LIMIT = 200;

/**
 * The latest publication of a year and block, remembered for LATEST_PUBLICATION_TTL_MS: the ranking API is read far
 * more often than results are published. Publishing forgets it at once on every app server of the database (the
 * notification on PUBLICATIONS_CHANNEL, see src/http/app.ts).
 */
const LATEST_PUBLICATION_TTL_MS = 1_000;
const latestPublicationIds = new Map<string, { id: number | null; at: number }>();
/** Counts the forgets: a latest publication read before one (a publication committed meanwhile) is not remembered. */
let latestPublicationsGeneration = 0;

async function latestPublicationId(db: DbOrTx, year: number, blockCode: string): Promise<{ id: number } | undefined> {
  const key = `${year}/${blockCode}`;
  const now = Date.now();
  const known = latestPublicationIds.get(key);
  if (known && now - known.at < LATEST_PUBLICATION_TTL_MS) return known.id === null ? undefined : { id: known.id };
  const generation = latestPublicationsGeneration;
  const [latest] = await db
    .select({ id: publications.id })
    .from(publications)
    .innerJoin(rounds, eq(rounds.id, publications.roundId))
    .innerJoin(blocks, eq(blocks.id, rounds.blockId))
    .where(and(eq(rounds.year, year), eq(blocks.code, blockCode)))
    .orderBy(desc(publications.revision))
    .limit(1);
  if (generation !== latestPublicationsGeneration) return latest;
  if (latestPublicationIds.size >= PUBLISHED_CACHE_LIMIT) latestPublicationIds.clear();
  latestPublicationIds.set(key, { id: latest?.id ?? null, at: now });
  return latest;
}

/** Publishing (through this server or, notified, another): no request may remember the previous revision any more. */
export function forgetLatestPublications(): void {
  latestPublicationsGeneration++;
  latestPublicationIds.clear();
}

/**
 * The answer of the results API as JSON text: the cached published revision, else computed now; with `can` (what
 * the caller may do, VisibleResults) first when given, without it for the public page (PublicResults).
 */
export async function visibleResultsJson(db: DbOrTx, year: number, blockCode: string, mayPreview: boolean, can?: ResultsCan): Promise<string> {
  const latest = await latestPublicationId(db, year, normalizeCode(blockCode));
  let json = latest && publishedJsonCache.get(latest.id);
  if (!json) {
    const { publicationId, ...visible } = await readVisibleResults(db, year, blockCode, mayPreview);
    json = JSON.stringify(visible);
    // Kept under the publication it was read from: on a replica (or after a publication meanwhile) that may be an
    // older one than `latest`, and its text must never be served as the newer one's.
    if (publicationId !== null) {
      if (publishedJsonCache.size >= PUBLISHED_CACHE_LIMIT) publishedJsonCache.delete(publishedJsonCache.keys().next().value!);
      publishedJsonCache.set(publicationId, json);
    }
  }
  // The cached text is shared by every caller; `can` is the caller's, put in front of it.
  return can ? `{"can":${JSON.stringify(can)},${json.slice(1)}` : json;
}

export async function requireRound(db: DbOrTx, year: number, blockCode: string): Promise<RoundRow> {
  const round = await findRound(db, year, normalizeCode(blockCode));
  if (!round) throw fail('assessment_round_not_found', { year, block: normalizeCode(blockCode) });
  return round;
}

/**
 * The results a caller may see: published results (the latest revision, frozen) for everyone; the live
 * computation of an unpublished round only when `mayPreview` (organizer, council).
 */
export async function visibleResults(
  db: DbOrTx,
  year: number,
  blockCode: string,
  mayPreview: boolean,
): Promise<{ results: BlockResults; revision: number | null; publishedAt: string | null }> {
  const { publicationId: _publicationId, ...visible } = await readVisibleResults(db, year, blockCode, mayPreview);
  return visible;
}

/** visibleResults and the id of the publication it comes from (null for the live computation). */
async function readVisibleResults(
  db: DbOrTx,
  year: number,
  blockCode: string,
  mayPreview: boolean,
): Promise<{ results: BlockResults; revision: number | null; publishedAt: string | null; publicationId: number | null }> {
  const round = await requireRound(db, year, blockCode);
  // Once published, everyone sees the frozen revision; until then only the organizer and the council.
  const published = await latestPublication(db, round.id);
  if (published) {
    return {
      results: storedResults(published.results),
      revision: published.revision,
      publishedAt: published.publishedAt.toISOString(),
      publicationId: published.id,
    };
  }
  if (!mayPreview) throw fail('published_results_not_found', { year, block: round.blockCode });
  return { results: await computeRoundResults(db, round), revision: null, publishedAt: null, publicationId: null };
}
