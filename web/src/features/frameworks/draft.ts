import type { CriterionBody as CriterionInput, CriterionNode, Method } from './api';

/** A survey criterion's link to a campaign, as the editor holds it (the server checks it). */
export type SurveyLinkDraft = NonNullable<CriterionNode['survey']>;

/**
 * The tree editor's working copy of a framework: the criteria as a list in framework order (parents before their
 * children, as the API takes them), each with a key that survives code changes. Points stay the text typed ("1,25")
 * so the server reads and checks them exactly; nothing here decides whether a framework is valid — the server does.
 */
export interface DraftCriterion {
  key: string;
  code: string;
  title: string;
  maxPoints: string;
  method: Method;
  evidenceRequired: boolean;
  appraiser: string | null;
  guidance: string;
  formula: string;
  /** A survey criterion's link to a campaign; null: the organizer enters its points. */
  survey?: SurveyLinkDraft | null;
}

export type CriterionFields = Omit<DraftCriterion, 'key'>;

let counter = 0;
export const newKey = () => `new-${++counter}`;

/** The stored tree as a draft list; points written with a decimal comma (Vietnamese) or point. */
export function draftFromTree(nodes: readonly CriterionNode[], comma = false): DraftCriterion[] {
  return nodes.flatMap((n) => [
    {
      key: `id-${n.id}`,
      code: n.code,
      title: n.title,
      maxPoints: comma ? String(n.maxPoints).replace('.', ',') : String(n.maxPoints),
      method: n.method,
      evidenceRequired: n.evidenceRequired,
      appraiser: n.appraiser,
      guidance: n.guidance ?? '',
      formula: n.formula ?? '',
      survey: n.survey ?? null,
    },
    ...draftFromTree(n.children, comma),
  ]);
}

/** The list as the API takes it: empty texts become null, a formula only on formula criteria. */
export function toInput(list: readonly DraftCriterion[]): CriterionInput[] {
  return list.map((c) => ({
    code: c.code.trim(),
    title: c.title.trim(),
    maxPoints: c.maxPoints.trim(),
    method: c.method,
    evidenceRequired: c.evidenceRequired,
    appraiser: c.appraiser || null,
    guidance: c.guidance.trim() || null,
    formula: c.method === 'formula' ? c.formula.trim() || null : null,
    // A link only on survey criteria: choosing another method drops it (as a formula only on formula criteria).
    ...(c.method === 'survey' ? { survey: c.survey ?? null } : {}),
  }));
}

export const parentOf = (code: string): string | null => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);
export const depthOf = (code: string) => code.split('.').length - 1;
const within = (code: string, root: string) => code === root || code.startsWith(`${root}.`);

/** Index range [start, end) of a criterion and its descendants in the list. */
function subtree(list: readonly DraftCriterion[], index: number): [number, number] {
  const root = list[index]!.code;
  let end = index + 1;
  while (end < list.length && list[end]!.code.startsWith(`${root}.`)) end++;
  return [index, end];
}

/**
 * The code proposed for a new criterion: the next number after the parent's last child (`1.2` has `1.2.1`, `1.2.3` →
 * `1.2.4`), or after the last field for a new field.
 */
export function nextCode(list: readonly DraftCriterion[], parentCode: string | null): string {
  let last = 0;
  for (const c of list) {
    if (parentOf(c.code) !== parentCode) continue;
    const n = Number(c.code.slice(c.code.lastIndexOf('.') + 1));
    if (Number.isInteger(n) && n > last) last = n;
  }
  return parentCode === null ? String(last + 1) : `${parentCode}.${last + 1}`;
}

/** A new criterion under `parentCode` (after the parent's subtree), or a new field at the end. */
export function insertCriterion(list: readonly DraftCriterion[], parentCode: string | null, item: DraftCriterion): DraftCriterion[] {
  if (parentCode === null) return [...list, item];
  const at = list.findIndex((c) => c.code === parentCode);
  if (at < 0) return [...list, item];
  const [, end] = subtree(list, at);
  return [...list.slice(0, end), item, ...list.slice(end)];
}

/** Removes a criterion with its whole subtree. */
export function removeCriterion(list: readonly DraftCriterion[], key: string): DraftCriterion[] {
  const at = list.findIndex((c) => c.key === key);
  if (at < 0) return [...list];
  const [start, end] = subtree(list, at);
  return [...list.slice(0, start), ...list.slice(end)];
}

/** How many criteria removing `key` takes away (itself and its descendants). */
export function subtreeSize(list: readonly DraftCriterion[], key: string): number {
  const at = list.findIndex((c) => c.key === key);
  if (at < 0) return 0;
  const [start, end] = subtree(list, at);
  return end - start;
}

/** Changes one criterion; a new code moves its descendants with it (`1.2` → `1.4` makes `1.2.1` → `1.4.1`). */
export function updateCriterion(list: readonly DraftCriterion[], key: string, fields: Partial<CriterionFields>): DraftCriterion[] {
  const at = list.findIndex((c) => c.key === key);
  if (at < 0) return [...list];
  const old = list[at]!;
  const next = list.map((c) => (c.key === key ? { ...c, ...fields } : c));
  const code = fields.code?.trim();
  if (!code || code === old.code) return next;
  const [start, end] = subtree(list, at);
  return next.map((c, i) => (i > start && i < end && within(c.code, old.code) ? { ...c, code: code + c.code.slice(old.code.length) } : c));
}

/** Swaps a criterion (with its subtree) with the sibling before (-1) or after (+1) it; codes stay as they are. */
export function moveCriterion(list: readonly DraftCriterion[], key: string, direction: -1 | 1): DraftCriterion[] {
  const at = list.findIndex((c) => c.key === key);
  if (at < 0) return [...list];
  const parent = parentOf(list[at]!.code);
  const siblings = list.map((c, i) => ({ c, i })).filter(({ c }) => parentOf(c.code) === parent);
  const pos = siblings.findIndex(({ i }) => i === at);
  const other = siblings[pos + direction];
  if (!other) return [...list];
  // Adjacent siblings: the first one's subtree ends where the second one starts.
  const [aStart, aEnd] = subtree(list, Math.min(at, other.i));
  const [, bEnd] = subtree(list, Math.max(at, other.i));
  return [...list.slice(0, aStart), ...list.slice(aEnd, bEnd), ...list.slice(aStart, aEnd), ...list.slice(bEnd)];
}

/** Whether the criterion has a sibling before (-1) or after (+1) it. */
export function canMove(list: readonly DraftCriterion[], key: string, direction: -1 | 1): boolean {
  const at = list.findIndex((c) => c.key === key);
  if (at < 0) return false;
  const parent = parentOf(list[at]!.code);
  const siblings = list.map((c, i) => ({ c, i })).filter(({ c }) => parentOf(c.code) === parent);
  const pos = siblings.findIndex(({ i }) => i === at);
  return siblings[pos + direction] !== undefined;
}

/** Points typed as text, in hundredths; null when they do not read. */
export function hundredths(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, fraction = ''] = t.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Σ of the direct children's points in hundredths, or null for a criterion without children or with unreadable ones. */
export function childrenSum(list: readonly DraftCriterion[], code: string): number | null {
  const kids = list.filter((c) => parentOf(c.code) === code);
  if (kids.length === 0) return null;
  let sum = 0;
  for (const k of kids) {
    const h = hundredths(k.maxPoints);
    if (h === null) return null;
    sum += h;
  }
  return sum;
}

/** Hundredths as points text: 125 → "1.25" (or "1,25"), 300 → "3". */
export function pointsText(h: number, comma = false): string {
  const whole = Math.floor(h / 100);
  const cents = h % 100;
  return cents === 0 ? String(whole) : `${whole}${comma ? ',' : '.'}${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * The name proposed for a copy in another year: the source's year, written as a whole number in the name, becomes the
 * target's ("Bộ chỉ số CCHC khối sở 2025" → "… 2026"). The server does the same when no name is sent.
 */
export function nameForYear(name: string, fromYear: number, toYear: number): string {
  if (fromYear === toYear) return name;
  return name.replace(new RegExp(`(?<!\\d)${fromYear}(?!\\d)`, 'g'), String(toYear));
}
