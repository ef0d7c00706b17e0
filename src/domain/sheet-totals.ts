import { type Method } from './framework.js';
import type { Hundredths } from './points.js';

/**
 * The running totals of a unit's sheet while the cycle runs, per field (top-level criterion) and overall, by the
 * rules of domain.md "Computing the index", in integer hundredths (exact):
 * - a not-applicable leaf leaves both the points and the maximum;
 * - bonus and penalty leaves never count in the maximum; their own max caps what they give or take;
 * - a field's points = Σ its applicable normal leaves + bonus − penalty (a penalty-only field is negative);
 * - the overall points are kept within [0, applicable max], as the index keeps them.
 * Two stages are totalled: `self` (what the unit scored: self-scores, and formula criteria's computed values; survey,
 * bonus and penalty have no self stage) and `current` (each leaf's latest stage: council, else appraisal, else self —
 * or the computed value of a formula or linked survey criterion).
 */

export interface TotalsLeaf {
  code: string;
  method: Method;
  max: Hundredths;
  notApplicable: boolean;
  self: Hundredths | null;
  /** A formula criterion's computed value, or a linked survey criterion's points from its campaign (current stage only). */
  computed: Hundredths | null;
  appraised: Hundredths | null;
  council: Hundredths | null;
}

export interface Totals {
  /** Applicable maximum: normal leaves that apply. */
  max: Hundredths;
  self: Hundredths;
  current: Hundredths;
  /** Bonus and penalty points at the current stage (positive amounts). */
  bonus: Hundredths;
  penalty: Hundredths;
}

export interface SheetTotals {
  /** By field code, in the order of the leaves' first appearance. */
  fields: Map<string, Totals>;
  overall: Totals;
}

const empty = (): Totals => ({ max: 0, self: 0, current: 0, bonus: 0, penalty: 0 });

export const fieldCodeOf = (code: string) => code.split('.')[0]!;

/** The self-stage value of a leaf: self-scored (manual) or computed (formula); none for survey, bonus, penalty. */
function selfValue(leaf: TotalsLeaf): Hundredths {
  if (leaf.method === 'manual') return leaf.self ?? 0;
  if (leaf.method === 'formula') return leaf.computed ?? leaf.self ?? 0;
  return 0;
}

function currentValue(leaf: TotalsLeaf): Hundredths {
  const computed = leaf.method === 'formula' || leaf.method === 'survey';
  return leaf.council ?? leaf.appraised ?? (computed ? (leaf.computed ?? leaf.self) : leaf.self) ?? 0;
}

export function sheetTotals(leaves: readonly TotalsLeaf[]): SheetTotals {
  const fields = new Map<string, Totals>();
  const raw = empty();
  for (const leaf of leaves) {
    const field = fieldCodeOf(leaf.code);
    if (!fields.has(field)) fields.set(field, empty());
    if (leaf.notApplicable) continue;
    const target = fields.get(field)!;
    const self = selfValue(leaf);
    const current = currentValue(leaf);
    for (const t of [target, raw]) {
      if (leaf.method === 'bonus' || leaf.method === 'penalty') {
        const sign = leaf.method === 'bonus' ? 1 : -1;
        const given = Math.min(current, leaf.max);
        t.self += sign * Math.min(self, leaf.max);
        t.current += sign * given;
        if (leaf.method === 'bonus') t.bonus += given;
        else t.penalty += given;
      } else {
        t.max += leaf.max;
        t.self += self;
        t.current += current;
      }
    }
  }
  const clamp = (v: Hundredths) => Math.max(0, Math.min(v, raw.max));
  return { fields, overall: { ...raw, self: clamp(raw.self), current: clamp(raw.current) } };
}
