import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets of the public surveys: personal-link tokens, resume keys of anonymous responses, kiosk keys. Only their
 * SHA-256 is stored, so a copy of the database opens no form.
 */

/** A new secret: 24 random bytes, base64url (32 characters, URL-safe). */
export const newSurveyKey = (): string => randomBytes(24).toString('base64url');

export const hashSurveyKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A short link's key: 8 characters without look-alikes (0/O, 1/l/I), easy to type from a poster. */
export function newSlug(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
