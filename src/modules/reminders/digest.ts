import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { reminderDigests, users } from '../../db/schema.js';
import { localDate, type LocalDate } from '../../domain/deadlines.js';
import type { Mailer } from './mailer.js';
import { remindersFor } from './queries.js';
import type { Reminder } from './schemas.js';

/** dd/mm/yyyy from 'YYYY-MM-DD'. */
export const viDate = (date: LocalDate) => date.split('-').reverse().join('/');

/** Where an item is worked on in the web app (the same links as the inbox). */
export function reminderPath(item: Reminder): string {
  if (item.kind === 'plan_task') return item.year === null ? '/plans' : `/plans?year=${item.year}`;
  if (item.kind === 'report') return '/reports';
  return item.inspectionId === null ? '/inspections' : `/inspections/${item.inspectionId}`;
}

const KIND_WORDS: Record<Reminder['kind'], string> = { plan_task: 'Nhiệm vụ kế hoạch', report: 'Báo cáo định kỳ', remediation: 'Việc khắc phục' };

function countWords(item: Reminder): string {
  if (item.count === null) return '';
  if (item.kind === 'report') return `: ${item.count} đơn vị chưa nộp`;
  return item.kind === 'plan_task' ? `: ${item.count} nhiệm vụ` : `: ${item.count} việc`;
}

function when(item: Reminder): string {
  const due = `${item.count !== null && item.kind !== 'report' ? 'hạn sớm nhất' : 'hạn'} ${viDate(item.deadline)}`;
  if (item.daysLeft < 0) return `${due}, quá hạn ${-item.daysLeft} ngày`;
  if (item.daysLeft === 0) return `${due}, đến hạn hôm nay`;
  return `${due}, còn ${item.daysLeft} ngày`;
}

/** One line of the digest: "Nhiệm vụ kế hoạch: Số hóa hồ sơ (Sở Công Thương) — hạn 31/03/2026, quá hạn 2 ngày". */
export function reminderLine(item: Reminder): string {
  const what = item.kind === 'report' || item.count !== null ? item.title : `${KIND_WORDS[item.kind]}: ${item.title}`;
  const unit = item.unitName ? ` (${item.unitName})` : '';
  return `${what}${countWords(item)}${unit} — ${when(item)}`;
}

export function digestSubject(day: LocalDate, items: Reminder[]): string {
  return `[parindex] Việc cần làm ngày ${viDate(day)}: ${items.length} việc`;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The digest's text and HTML: overdue items, then those due soon, each with its link when PUBLIC_URL is set. */
export function renderDigest(displayName: string, day: LocalDate, items: Reminder[], publicUrl?: string) {
  const groups = [
    { heading: 'Đã quá hạn', items: items.filter((i) => i.state === 'overdue') },
    { heading: 'Sắp đến hạn (trong 7 ngày)', items: items.filter((i) => i.state === 'due_soon') },
  ].filter((g) => g.items.length);
  const link = (item: Reminder) => (publicUrl ? `${publicUrl}${reminderPath(item)}` : null);
  const intro = `Kính gửi ${displayName},\n\nNgày ${viDate(day)} có ${items.length} việc cần làm trên parindex:`;
  const outro = 'Thư này do parindex gửi tự động mỗi ngày có việc cần làm; không trả lời thư này.';
  const text = [
    intro,
    ...groups.flatMap((g) => ['', `${g.heading}:`, ...g.items.map((i) => `- ${reminderLine(i)}${link(i) ? `\n  ${link(i)}` : ''}`)]),
    '',
    outro,
    '',
  ].join('\n');
  const li = (i: Reminder) => {
    const href = link(i);
    const line = escapeHtml(reminderLine(i));
    return `<li>${href ? `<a href="${escapeHtml(href)}">${line}</a>` : line}</li>`;
  };
  const html = [
    '<!doctype html><html lang="vi"><meta charset="utf-8"><body style="font-family:sans-serif">',
    `<p>${escapeHtml(intro).replace(/\n/g, '<br>')}</p>`,
    ...groups.map((g) => `<h3>${escapeHtml(g.heading)}</h3><ul>${g.items.map(li).join('')}</ul>`),
    `<p style="color:#666;font-size:small">${escapeHtml(outro)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: digestSubject(day, items), text, html };
}

export interface DigestRun {
  day: LocalDate;
  /** E-mails sent in this run. */
  sent: number;
  /** Users whose digest of the day another run (or server) had already claimed. */
  alreadySent: number;
  /** E-mails that failed (their claim released: a later run tries again). */
  failed: number;
}

interface Log {
  error(obj: unknown, msg: string): void;
}

/**
 * Sends the day's digest to each enabled user with an e-mail address and at least one reminder. Each (user, local
 * day) is claimed first by an INSERT … ON CONFLICT DO NOTHING into reminder_digests, so two app servers (or the
 * scheduler and `parindex reminders send`) never send the same digest twice; the claim is released when the
 * sending fails, so a later run retries. Never throws for a failed e-mail: it is logged and counted.
 */
export async function sendDailyDigests(
  db: Db,
  mailer: Mailer,
  now: Date,
  options: { day?: LocalDate; publicUrl?: string; log?: Log } = {},
): Promise<DigestRun> {
  const day = options.day ?? localDate(now);
  const run: DigestRun = { day, sent: 0, alreadySent: 0, failed: 0 };
  const recipients = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId, email: users.email })
    .from(users)
    .where(and(eq(users.disabled, false), isNotNull(users.email), sql`trim(${users.email}) <> ''`, ne(users.role, 'viewer')))
    .orderBy(users.id);
  for (const user of recipients) {
    const items = await remindersFor(db, { userId: user.id, username: user.username, role: user.role, unitId: user.unitId }, day);
    if (!items.length) continue;
    const claimed = await db
      .insert(reminderDigests)
      .values({ userId: user.id, day, items: items.length })
      .onConflictDoNothing()
      .returning({ userId: reminderDigests.userId });
    if (!claimed.length) {
      run.alreadySent++;
      continue;
    }
    const mail = renderDigest(user.displayName, day, items, options.publicUrl);
    try {
      await mailer.send({ to: user.email!, ...mail });
    } catch (err) {
      run.failed++;
      options.log?.error({ err, userId: user.id, day }, 'reminder digest not sent; it will be tried again');
      await db
        .delete(reminderDigests)
        .where(and(eq(reminderDigests.userId, user.id), eq(reminderDigests.day, day)))
        .catch((e: unknown) => options.log?.error({ err: e, userId: user.id, day }, 'could not release the reminder digest claim'));
      continue;
    }
    run.sent++;
    await db
      .update(reminderDigests)
      .set({ sentAt: new Date() })
      .where(and(eq(reminderDigests.userId, user.id), eq(reminderDigests.day, day)));
  }
  return run;
}
