/**
 * The organizer's report template: stored in `settings` (the built-in one until a save), versioned for If-Match,
 * every save and reset audited in its transaction (src/modules/settings/template-store.ts).
 */
import { templateStore } from '../settings/template-store.js';
import { ReportTemplate } from './schemas.js';
import { DEFAULT_TEMPLATE, TEMPLATE_SETTING_KEY, templateIssues } from './template.js';

const store = templateStore({ key: TEMPLATE_SETTING_KEY, lockKey: 72_616_413, schema: ReportTemplate, defaults: DEFAULT_TEMPLATE, issues: templateIssues });

export const getTemplate = store.get;
/** Refuses unknown or malformed placeholders and repeated section keys, naming each field. */
export const assertValidTemplate = store.assertValid;
export const saveTemplate = store.save;
export const resetTemplate = store.reset;
