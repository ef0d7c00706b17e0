import { asc, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction, type Tx } from '../../db/client.js';
import { surveyCampaigns, surveyTemplates } from '../../db/schema.js';
import { isDeepStrictEqual } from 'node:util';
import { assertVersion } from '../../http/if-match.js';
import { type Actor, systemActor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { fail as failSurvey } from '../surveys/reasons.js';
import { canonicalContent, type Content, readTemplateFile, writeTemplateFile } from './file.js';
import { templatesCan } from './policies.js';
import { fail, said } from './reasons.js';
import type { SurveyTemplateFormat, TemplateDetail, TemplateImportResult, TemplateList } from './schemas.js';
import { shippedTemplates } from './shipped.js';

/**
 * Survey templates (mẫu phiếu): read by every signed-in role, edited by the organizer. Each write runs in one
 * transaction with its audit row (entityType `survey_template`, the content before and after). A campaign keeps its
 * own copy of the questions, so editing a template changes no campaign; a template a campaign was opened from cannot
 * be deleted.
 */

type Row = typeof surveyTemplates.$inferSelect;

const ENTITY = 'survey_template';

const contentOf = (row: Row): Content => canonicalContent({ code: row.code, name: row.name, kind: row.kind, questions: row.questions as Content['questions'] });

async function loadRow(db: DbOrTx, code: string, options: { forUpdate?: boolean } = {}): Promise<Row> {
  const query = db.select().from(surveyTemplates).where(eq(surveyTemplates.code, code));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw failSurvey('survey_template_not_found', { template: code });
  return row;
}

async function campaignsUsing(db: DbOrTx, templateId: number): Promise<string[]> {
  const rows = await db
    .select({ code: surveyCampaigns.code })
    .from(surveyCampaigns)
    .where(eq(surveyCampaigns.templateId, templateId))
    .orderBy(asc(surveyCampaigns.code));
  return rows.map((r) => r.code);
}

async function detailOf(db: DbOrTx, actor: Actor, row: Row): Promise<TemplateDetail> {
  return {
    content: contentOf(row),
    version: row.version,
    campaigns: await campaignsUsing(db, row.id),
    updatedAt: row.updatedAt.toISOString(),
    can: templatesCan(actor),
  };
}

export async function listTemplates(db: Db, actor: Actor): Promise<TemplateList> {
  const rows = await db
    .select({
      code: surveyTemplates.code,
      name: surveyTemplates.name,
      kind: surveyTemplates.kind,
      questions: sql<number>`jsonb_array_length(${surveyTemplates.questions})::int`,
      campaigns: sql<number>`(select count(*)::int from ${surveyCampaigns} where ${surveyCampaigns.templateId} = ${surveyTemplates.id})`,
      version: surveyTemplates.version,
      updatedAt: surveyTemplates.updatedAt,
    })
    .from(surveyTemplates)
    .orderBy(asc(surveyTemplates.code));
  return { items: rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })), can: templatesCan(actor) };
}

export async function getTemplate(db: Db, actor: Actor, code: string): Promise<TemplateDetail> {
  return detailOf(db, actor, await loadRow(db, code));
}

/** The content of a template, for other survey modules (opening a campaign copies its questions). */
export async function templateContent(db: DbOrTx, code: string): Promise<{ id: number; content: Content; version: number }> {
  const row = await loadRow(db, code);
  return { id: row.id, content: contentOf(row), version: row.version };
}

const exists = (code: string) => fail('survey_template_exists', { template: code }, { issues: [{ path: 'code', ...said('survey_template_exists_field') }] });

async function insert(tx: Tx, actor: Actor, content: Content): Promise<Row> {
  const [row] = await tx
    .insert(surveyTemplates)
    .values({ code: content.code, name: content.name, kind: content.kind, questions: content.questions })
    .returning();
  await recordAudit(tx, actor, { action: 'create', entityType: ENTITY, entityId: content.code, after: content });
  return row!;
}

async function replace(tx: Tx, actor: Actor, row: Row, content: Content): Promise<Row> {
  const before = contentOf(row);
  if (isDeepStrictEqual(before, content)) return row;
  const [updated] = await tx
    .update(surveyTemplates)
    .set({ name: content.name, kind: content.kind, questions: content.questions, updatedAt: new Date() })
    .where(eq(surveyTemplates.id, row.id))
    .returning();
  await recordAudit(tx, actor, { action: 'update', entityType: ENTITY, entityId: row.code, before, after: content });
  return updated!;
}

export async function createTemplate(db: Db, actor: Actor, input: Content): Promise<TemplateDetail> {
  const content = canonicalContent(input);
  return inTransaction(db, async (tx) => {
    const [taken] = await tx.select({ id: surveyTemplates.id }).from(surveyTemplates).where(eq(surveyTemplates.code, content.code));
    if (taken) throw exists(content.code);
    return detailOf(tx, actor, await insert(tx, actor, content));
  });
}

/** Replaces a template's content (its code stays); `expected`: the versions If-Match accepts. An unchanged content writes nothing. */
export async function replaceTemplate(db: Db, actor: Actor, code: string, input: Content, expected?: readonly number[] | null): Promise<TemplateDetail> {
  const content = canonicalContent(input);
  return inTransaction(db, async (tx) => {
    const row = await loadRow(tx, code, { forUpdate: true });
    await assertVersion(expected, row.version, () => detailOf(tx, actor, row));
    if (content.code !== row.code) {
      const params = { template: row.code, given: content.code };
      throw fail('survey_template_code_fixed', params, { issues: [{ path: 'code', ...said('survey_template_code_fixed', params) }] });
    }
    return detailOf(tx, actor, await replace(tx, actor, row, content));
  });
}

/** Deletes a template no campaign was opened from; one in use is refused (409) naming the campaigns. */
export async function deleteTemplate(db: Db, actor: Actor, code: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await loadRow(tx, code, { forUpdate: true });
    const campaigns = await campaignsUsing(tx, row.id);
    if (campaigns.length > 0) throw fail('survey_template_in_use', { template: row.code, campaigns: campaigns.join(', ') }, { campaigns });
    await tx.delete(surveyTemplates).where(eq(surveyTemplates.id, row.id));
    await recordAudit(tx, actor, { action: 'delete', entityType: ENTITY, entityId: row.code, before: contentOf(row) });
  });
}

/** Imports a JSON or XLSX template file: a new code is created, an existing one replaced (audited), an unchanged one left. */
export async function importTemplate(db: Db, actor: Actor, file: Buffer): Promise<TemplateImportResult> {
  const content = await readTemplateFile(file);
  return inTransaction(db, async (tx) => {
    const [current] = await tx.select().from(surveyTemplates).where(eq(surveyTemplates.code, content.code)).for('update');
    if (!current) {
      const row = await insert(tx, actor, content);
      return { code: row.code, outcome: 'created' as const, questions: content.questions.length, version: row.version };
    }
    const row = await replace(tx, actor, current, content);
    return {
      code: row.code,
      outcome: row === current ? ('unchanged' as const) : ('replaced' as const),
      questions: content.questions.length,
      version: row.version,
    };
  });
}

/** A template as a JSON or XLSX file that imports back to the same content. */
export async function exportTemplate(db: Db, code: string, format: SurveyTemplateFormat): Promise<Buffer> {
  return writeTemplateFile(contentOf(await loadRow(db, code)), format);
}

/**
 * Installs each shipped template whose code no template has yet (at server start, in the demo, in tests). Idempotent:
 * an existing template, edited or not, is left as it is. Returns the codes installed now.
 */
export async function ensureShippedTemplates(db: Db, actor: Actor = systemActor('system:shipped-templates')): Promise<string[]> {
  const installed: string[] = [];
  for (const content of shippedTemplates()) {
    await inTransaction(db, async (tx) => {
      const [row] = await tx
        .insert(surveyTemplates)
        .values({ code: content.code, name: content.name, kind: content.kind, questions: content.questions })
        .onConflictDoNothing({ target: surveyTemplates.code })
        .returning({ code: surveyTemplates.code });
      if (!row) return;
      await recordAudit(tx, actor, { action: 'create', entityType: ENTITY, entityId: content.code, after: content });
      installed.push(content.code);
    });
  }
  return installed;
}
