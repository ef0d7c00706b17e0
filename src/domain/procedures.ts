/**
 * Procedures (thủ tục hành chính): reading catalogue cells and the time-cut figures units report
 * ("time cut by 30–50 % against the legal limit"). Pure, exact: no floating point in any figure.
 */
import { foldVietnamese, quote, shortText } from './text.js';

export type ProcedureOnlineLevel = 'full' | 'partial' | 'none';

/**
 * Online level as written in catalogues: the code names, the Vietnamese labels of Decree 42/2022
 * ("toàn trình", "một phần", "không") and the older levels of Decree 43/2011 ("mức 4" = full,
 * "mức 3" = partial, "mức 1"/"mức 2" = none: only information or forms online). Case and diacritics are ignored.
 */
const ONLINE_LEVEL_WORDS: Record<string, ProcedureOnlineLevel> = {
  full: 'full',
  'toan trinh': 'full',
  'dvc toan trinh': 'full',
  'muc 4': 'full',
  'muc do 4': 'full',
  partial: 'partial',
  'mot phan': 'partial',
  'dvc mot phan': 'partial',
  'muc 3': 'partial',
  'muc do 3': 'partial',
  none: 'none',
  khong: 'none',
  'muc 2': 'none',
  'muc do 2': 'none',
  'muc 1': 'none',
  'muc do 1': 'none',
};

export function parseOnlineLevel(text: string): ProcedureOnlineLevel | null {
  return ONLINE_LEVEL_WORDS[foldVietnamese(text)] ?? null;
}

/** The largest fee the column holds (numeric(14, 0)). */
export const MAX_FEE = 99_999_999_999_999;
/** The longest time limit accepted, in working days (about four years; anything longer is a typing error). */
export const MAX_DAYS = 1000;

/**
 * Why a catalogue cell does not read: a reason of the procedures module (src/modules/procedures/reasons.ts, where
 * each has its Vietnamese and English text) with its parameters.
 */
export type ProcedureCellRefusal =
  | { reason: 'procedure_cell_empty'; params: { column: string } }
  | { reason: 'days_not_whole'; params: { column: string; value: string } }
  | { reason: 'days_negative'; params: { column: string; value: string } }
  | { reason: 'days_too_many'; params: { column: string; value: string; maximum: number } }
  | { reason: 'fee_not_whole'; params: { value: string } }
  | { reason: 'fee_too_large'; params: { value: string; maximum: number } };

export type Parsed<T> = { ok: true; value: T } | { ok: false; refusal: ProcedureCellRefusal };

/**
 * A fee in whole VND: "50000", "50.000", "50,000" or "50 000" (thousands grouped by three), "miễn phí" = 0;
 * empty = not stated (null). Decimals and negative amounts are refused.
 */
export function parseFee(text: string): Parsed<number | null> {
  const trimmed = text.trim().replace(/\s*(vnd|vnđ|đồng|đ)$/i, '');
  if (trimmed === '') return { ok: true, value: null };
  const folded = foldVietnamese(trimmed);
  if (folded === 'mien phi' || folded === 'khong thu') return { ok: true, value: 0 };
  const digits = /^\d+$/.test(trimmed) ? trimmed : /^\d{1,3}([., ]\d{3})+$/.test(trimmed) ? trimmed.replace(/[., ]/g, '') : null;
  if (digits === null) return { ok: false, refusal: { reason: 'fee_not_whole', params: { value: quote(text) } } };
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > MAX_FEE)
    return { ok: false, refusal: { reason: 'fee_too_large', params: { value: quote(trimmed), maximum: MAX_FEE } } };
  return { ok: true, value };
}

/** A time limit in working days: a whole number from 0 to MAX_DAYS. */
export function parseDays(text: string, column: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, refusal: { reason: 'procedure_cell_empty', params: { column } } };
  if (!/^[+-]?\d+(\.0+)?$/.test(trimmed)) return { ok: false, refusal: { reason: 'days_not_whole', params: { column, value: quote(text) } } };
  const value = Number(trimmed);
  if (value < 0) return { ok: false, refusal: { reason: 'days_negative', params: { column, value: shortText(trimmed, 20) } } };
  if (value > MAX_DAYS) return { ok: false, refusal: { reason: 'days_too_many', params: { column, value: shortText(trimmed, 20), maximum: MAX_DAYS } } };
  return { ok: true, value };
}

// ---------------------------------------------------------------------------------------------------------------
// Time cut against the legal limit

export interface TimeLimits {
  legalDays: number;
  internalDays: number;
}

/** The share of the legal limit a unit cut, in hundredths of a percent, rounded half up; null when legal = 0. */
export function cutHundredths({ legalDays, internalDays }: TimeLimits): number | null {
  if (legalDays <= 0) return null;
  return roundHalfUp(BigInt(legalDays - internalDays) * 10_000n, BigInt(legalDays));
}

/** A cut of at least 30 % of the legal limit, decided exactly: (legal − internal) / legal ≥ 3 / 10. */
export const isCutAtLeast30 = ({ legalDays, internalDays }: TimeLimits) => legalDays > 0 && 10 * (legalDays - internalDays) >= 3 * legalDays;

export interface TimeCutSummary {
  /** Procedures counted. */
  count: number;
  /** Those with a legal limit above 0 days (a cut can only be measured against them). */
  withLegalLimit: number;
  /** Those whose internal limit is shorter than the legal one. */
  cut: number;
  /** Mean of (legal − internal) / legal × 100 over the procedures with a legal limit, in hundredths, half up. */
  averageCutHundredths: number | null;
  /** Those cut by 30 % or more. */
  cutAtLeast30: number;
  /** cutAtLeast30 / withLegalLimit × 100 in hundredths, half up. */
  cutAtLeast30ShareHundredths: number | null;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** numerator / denominator rounded half up (both non-negative, denominator > 0). */
function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/**
 * Time-cut figures of a set of procedures, exact: the average of the cut percentages is summed as a fraction
 * (BigInt), so 1/3 + 1/3 + 1/3 is exactly 1 and the only rounding is the final half-up to two decimals.
 */
export function summarizeTimeCuts(items: Iterable<TimeLimits & { weight?: number }>): TimeCutSummary {
  let count = 0;
  let withLegalLimit = 0;
  let cut = 0;
  let cutAtLeast30 = 0;
  // Σ (legal − internal) / legal as the fraction num / den.
  let num = 0n;
  let den = 1n;
  for (const item of items) {
    const n = item.weight ?? 1;
    count += n;
    if (item.internalDays < item.legalDays) cut += n;
    if (item.legalDays <= 0) continue;
    withLegalLimit += n;
    if (isCutAtLeast30(item)) cutAtLeast30 += n;
    const a = BigInt(Math.max(0, item.legalDays - item.internalDays) * n);
    const b = BigInt(item.legalDays);
    num = num * b + a * den;
    den *= b;
    const g = gcd(num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
  }
  return {
    count,
    withLegalLimit,
    cut,
    averageCutHundredths: withLegalLimit > 0 ? roundHalfUp(num * 10_000n, den * BigInt(withLegalLimit)) : null,
    cutAtLeast30,
    cutAtLeast30ShareHundredths: withLegalLimit > 0 ? roundHalfUp(BigInt(cutAtLeast30) * 10_000n, BigInt(withLegalLimit)) : null,
  };
}
