import { eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { publications, rounds } from '../../db/schema.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { fail as failRound } from '../rounds/reasons.js';
import { computeRoundResults } from './compute.js';
import { getRound, latestPublication } from './queries.js';
import { fail, invalid } from './reasons.js';
import type { BlockResults, PublishResponse } from './schemas.js';
import { forgetLatestPublications } from './service.js';
import { notify, PUBLICATIONS_CHANNEL } from '../../db/notify.js';

/**
 * Publishes an approved round: its results as computed now are frozen in a new revision. Publishing again
 * is a correction and needs a reason; earlier revisions stay readable.
 * Publications of one round take turns on the round's row lock, so the next revision is computed from the latest
 * committed one: concurrent corrections each become their own revision. `expected` (If-Match: the revision the
 * caller corrects, 0 for none) refuses a correction made on a revision that is no longer the latest.
 */
export async function publishRound(
  db: Db,
  actor: Actor,
  roundId: number,
  reason: string | null,
  expected?: readonly number[] | null,
): Promise<PublishResponse> {
  const published = await inTransaction(db, async (tx) => {
    await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId)).for('update');
    const round = await getRound(tx, roundId);
    if (!round) throw failRound('round_not_found', { round: roundId });
    if (round.status === 'open') throw fail('publish_not_approved');
    const previous = await latestPublication(tx, roundId);
    await assertVersion(expected, previous?.revision ?? 0, () =>
      previous ? { revision: previous.revision, reason: previous.reason, publishedAt: previous.publishedAt.toISOString() } : null,
    );
    if (previous && !reason?.trim()) {
      throw invalid('reason', 'correction_reason_required', undefined, 'A correction of published results needs a reason');
    }
    const { details, ...results } = await computeRoundResults(tx, { ...round, status: 'published' }, { details: true });
    const revision = (previous?.revision ?? 0) + 1;
    await tx.insert(publications).values({ roundId, revision, reason: reason?.trim() || null, results, details, publishedBy: actor.userId });
    await tx.update(rounds).set({ status: 'published', updatedAt: new Date() }).where(eq(rounds.id, roundId));
    const summary = (r: BlockResults) => r.units.map((u) => ({ unit: u.unitCode, index: u.index, rank: u.rank, class: u.class }));
    await recordAudit(tx, actor, {
      action: previous ? 'correct' : 'publish',
      entityType: 'results',
      entityId: `${round.year}/${round.blockCode}`,
      before: previous ? { revision: previous.revision, units: summary(previous.results as BlockResults) } : null,
      after: { revision, reason: reason?.trim() || null, units: summary(results) },
    });
    // Delivered when this commits: the other app servers forget the latest revision they remember.
    await notify(tx, PUBLICATIONS_CHANNEL, String(roundId));
    return { revision, results };
  });
  // After the commit, so that no request can remember the previous revision again.
  forgetLatestPublications();
  return published;
}
