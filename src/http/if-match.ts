import { fail } from '../modules/auth/reasons.js';

/**
 * Optimistic concurrency for edits people make side by side (scores, framework drafts, units, procedures, the letter
 * template): reads return the row's `version` in the body and as `ETag: "<version>"`; a write may send it back in
 * `If-Match`. A write whose version is no longer current is refused with 409 `stale_version` and the current value in
 * `details.current`; a write without If-Match is not checked (API clients and the CLI keep working). See docs/api.md.
 */

/** The strong ETag of a version: `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version a request expects, from `If-Match` (`"3"`, `W/"3"` or `3`; a list matches when any entry does, so the
 * versions are returned): null when the header is absent or `*`. Anything else is a 400.
 */
export function ifMatch(headers: Record<string, string | string[] | undefined>): number[] | null {
  const raw = headers['if-match'];
  const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim();
  if (!value || value === '*') return null;
  const versions: number[] = [];
  for (const entry of value.split(',')) {
    const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(entry);
    if (!match) throw fail('if_match_malformed', undefined, { header: 'If-Match', value: value.slice(0, 100) });
    versions.push(Number(match[1]));
  }
  return versions;
}

/**
 * Refuses a write whose expected version is not the current one. Call it inside the write's transaction after the
 * row is locked (`select … for update`), so that no other writer can change the version in between. `current` gives
 * the value a client shows instead (details.current); a row that does not exist yet has version 0.
 */
export async function assertVersion(expected: readonly number[] | null | undefined, version: number, current: () => unknown): Promise<void> {
  if (!expected || expected.includes(version)) return;
  throw fail('version_changed', undefined, { version, current: await current() });
}

/** Sets the ETag of what a response carries. */
export function withEtag<T extends { version: number }>(reply: { header(name: string, value: string): unknown }, body: T): T {
  reply.header('ETag', etagOf(body.version));
  return body;
}
