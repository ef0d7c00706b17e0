/**
 * The organizer's letter template: stored in `settings` (the built-in one until a save), versioned for If-Match,
 * every save and reset audited in its transaction; the preview and the sample letter.
 */
import { eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { issuesRejected } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { buildLettersDocx } from './document.js';
import { ApologyTemplate, type RenderedLetter, type TemplateView } from './schemas.js';
import { DEFAULT_TEMPLATE, renderLetter, sampleLetterData, TEMPLATE_SETTING_KEY, templateIssues } from './template.js';

export async function getTemplate(db: DbOrTx): Promise<TemplateView> {
  const [row] = await db.select().from(settings).where(eq(settings.key, TEMPLATE_SETTING_KEY));
  if (!row) return { template: DEFAULT_TEMPLATE, isDefault: true, updatedAt: null, version: 0 };
  // A stored template missing a newer field takes that field's default.
  const parsed = ApologyTemplate.safeParse({ ...DEFAULT_TEMPLATE, ...(row.value as object) });
  if (!parsed.success) return { template: DEFAULT_TEMPLATE, isDefault: true, updatedAt: row.updatedAt.toISOString(), version: row.version };
  return { template: parsed.data, isDefault: false, updatedAt: row.updatedAt.toISOString(), version: row.version };
}

/**
 * Template saves and resets take turns on a transaction-level advisory lock (the row may not exist yet, so a row lock
 * cannot serialise the first saves): each then reads the current version in a fresh statement and checks If-Match.
 */
const TEMPLATE_WRITE_LOCK_KEY = 72_616_404;
async function lockTemplate(tx: DbOrTx, expected: readonly number[] | null | undefined): Promise<TemplateView> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TEMPLATE_WRITE_LOCK_KEY})`);
  const current = await getTemplate(tx);
  await assertVersion(expected, current.version, () => current);
  return current;
}

/** Refuses unknown or malformed placeholders, naming each one and the field it is in. */
export function assertValidTemplate(template: ApologyTemplate): void {
  const issues = templateIssues(template);
  if (issues.length) throw issuesRejected(issues);
}

export async function saveTemplate(db: Db, actor: Actor, template: ApologyTemplate, expected?: readonly number[] | null): Promise<TemplateView> {
  assertValidTemplate(template);
  return inTransaction(db, async (tx) => {
    const before = await lockTemplate(tx, expected);
    await tx
      .insert(settings)
      .values({ key: TEMPLATE_SETTING_KEY, value: template })
      .onConflictDoUpdate({ target: settings.key, set: { value: template, updatedAt: sql`now()` } });
    await recordAudit(tx, actor, { action: 'update', entityType: 'setting', entityId: TEMPLATE_SETTING_KEY, before: before.template, after: template });
    return getTemplate(tx);
  });
}

/** Back to the built-in template (the stored one is removed; the audit log keeps it). */
export async function resetTemplate(db: Db, actor: Actor, expected?: readonly number[] | null): Promise<TemplateView> {
  return inTransaction(db, async (tx) => {
    const before = await lockTemplate(tx, expected);
    if (!before.isDefault) {
      await tx.delete(settings).where(eq(settings.key, TEMPLATE_SETTING_KEY));
      await recordAudit(tx, actor, {
        action: 'delete',
        entityType: 'setting',
        entityId: TEMPLATE_SETTING_KEY,
        before: before.template,
        after: DEFAULT_TEMPLATE,
      });
    }
    return getTemplate(tx);
  });
}

/** A template (saved or not) filled with the example dossier: what the editor's preview shows. */
export function previewTemplate(template: ApologyTemplate, today: LocalDate): RenderedLetter {
  assertValidTemplate(template);
  return renderLetter(template, sampleLetterData(today));
}

export async function sampleLetterDocx(db: DbOrTx, today: LocalDate): Promise<Buffer> {
  const { template } = await getTemplate(db);
  return buildLettersDocx([renderLetter(template, sampleLetterData(today))], 'Phiếu xin lỗi (mẫu)');
}
