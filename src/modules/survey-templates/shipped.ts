import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SurveyTemplateContent } from '../surveys/schemas.js';
import { canonicalContent, type Content } from './file.js';

/**
 * The templates parindex ships (data, not code: docs/surveys.md): the SIPAS form modelled on decision 1001/QĐ-BNV of
 * 2023 and the sociological survey of officials. Installed once each; an organizer's edits are never overwritten.
 */
export const SHIPPED_TEMPLATE_FILES = ['sipas-2026.json', 'officials-2026.json'] as const;

export function shippedTemplatePath(file: (typeof SHIPPED_TEMPLATE_FILES)[number]): string {
  return fileURLToPath(new URL(`./shipped/${file}`, import.meta.url));
}

/** The shipped templates, checked with the API's own schema (a broken file fails loudly at start-up and in tests). */
export function shippedTemplates(): Content[] {
  return SHIPPED_TEMPLATE_FILES.map((file) => canonicalContent(SurveyTemplateContent.parse(JSON.parse(fs.readFileSync(shippedTemplatePath(file), 'utf8')))));
}
