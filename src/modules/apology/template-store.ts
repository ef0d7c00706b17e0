/**
 * The organizer's letter template: stored in `settings` (the built-in one until a save), versioned for If-Match,
 * every save and reset audited in its transaction (src/modules/settings/template-store.ts); the preview and the
 * sample letter.
 */
import type { DbOrTx } from '../../db/client.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { templateStore } from '../settings/template-store.js';
import { buildLettersDocx } from './document.js';
import { ApologyTemplate, type RenderedLetter } from './schemas.js';
import { DEFAULT_TEMPLATE, renderLetter, sampleLetterData, TEMPLATE_SETTING_KEY, templateIssues } from './template.js';

const store = templateStore({ key: TEMPLATE_SETTING_KEY, lockKey: 72_616_404, schema: ApologyTemplate, defaults: DEFAULT_TEMPLATE, issues: templateIssues });

export const getTemplate = store.get;
/** Refuses unknown or malformed placeholders, naming each one and the field it is in. */
export const assertValidTemplate = store.assertValid;
export const saveTemplate = store.save;
export const resetTemplate = store.reset;

/** A template (saved or not) filled with the example dossier: what the editor's preview shows. */
export function previewTemplate(template: ApologyTemplate, today: LocalDate): RenderedLetter {
  assertValidTemplate(template);
  return renderLetter(template, sampleLetterData(today));
}

export async function sampleLetterDocx(db: DbOrTx, today: LocalDate): Promise<Buffer> {
  const { template } = await getTemplate(db);
  return buildLettersDocx([renderLetter(template, sampleLetterData(today))], 'Phiếu xin lỗi (mẫu)');
}
