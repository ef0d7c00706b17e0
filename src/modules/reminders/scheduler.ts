import type { Db } from '../../db/client.js';
import { localDate } from '../../domain/deadlines.js';
import { LOCAL_TIME_ZONE } from '../../domain/local-time.js';
import { sendDailyDigests } from './digest.js';
import type { Mailer } from './mailer.js';

/** How often the scheduler looks whether the day's digest is due. */
export const DIGEST_CHECK_MS = 10 * 60_000;

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LOCAL_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });

/** The local (Asia/Ho_Chi_Minh) hour of an instant, 0–23. */
export const localHour = (instant: Date) => Number(hourFormat.format(instant));

interface Log {
  info(obj: unknown, msg: string): void;
  error(obj: unknown, msg: string): void;
}

/**
 * Sends the daily reminder digests from the app server (SMTP_URL set): every 10 minutes (and once shortly after
 * start) it checks the local hour and, from REMINDER_DIGEST_HOUR on, runs sendDailyDigests for the day until a run
 * ends without a failed e-mail. The claims in reminder_digests keep several servers from sending twice. The timers
 * are unref'd and stop() clears them; a failing run is logged, never thrown.
 */
export function startDigestScheduler(deps: { db: Db; mailer: Mailer; hour: number; publicUrl?: string; clock?: () => Date; log: Log }) {
  const clock = deps.clock ?? (() => new Date());
  let doneDay: string | null = null;
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    const now = clock();
    const day = localDate(now);
    if (doneDay === day || localHour(now) < deps.hour) return;
    running = true;
    try {
      const run = await sendDailyDigests(deps.db, deps.mailer, now, { publicUrl: deps.publicUrl, log: deps.log });
      if (run.sent || run.failed) deps.log.info(run, 'reminder digests sent');
      if (run.failed === 0) doneDay = day;
    } catch (err) {
      deps.log.error({ err }, 'reminder digests failed; tried again at the next check');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 30_000);
  first.unref();
  const timer = setInterval(() => void tick(), DIGEST_CHECK_MS);
  timer.unref();
  return {
    /** One check now (tests). */
    tick,
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      deps.mailer.close();
    },
  };
}
