import { quote } from './text.js';

/**
 * Points are kept as integer hundredths (1.25 points = 125) so sums and comparisons are exact;
 * the database stores them as numeric(8,2). Rounding (half up) happens only at the end.
 */
export type Hundredths = number;

/** A value that is not a number of points: reason `not_points` { value } (the value quoted, at most 100 characters). */
export class PointsFormatError extends Error {
  readonly reason = 'not_points';
  readonly params: { value: string };
  constructor(value: string | number) {
    const quoted = quote(String(value));
    super(`${quoted} is not a number of points with at most two decimals`);
    this.params = { value: quoted };
  }
}

const POINTS_PATTERN = /^-?\d+(\.\d{1,2})?$/;

/** Parses "1.25", "1,25" (Vietnamese decimal comma), "3" or a number with at most two decimals. */
export function parsePoints(value: string | number): Hundredths {
  const text = typeof value === 'number' ? String(value) : value.trim().replace(',', '.');
  if (!POINTS_PATTERN.test(text)) throw new PointsFormatError(value);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -hundredths : hundredths;
}

/** "1.25" for 125; always two decimals, like the database's numeric(8,2). */
export function formatPoints(value: Hundredths): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The number for JSON answers: 1.25 for 125. */
export const pointsToNumber = (value: Hundredths): number => value / 100;

/** The same for a value in hundredths that may be missing (a rate or an index: 66.67 for 6667, null for none). */
export const hundredthsToNumber = (value: number | null): number | null => (value === null ? null : value / 100);

/** Rounds numerator / denominator to the nearest integer, halves away from zero (half up for positives). */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const negative = numerator < 0;
  const abs = Math.abs(numerator);
  const rounded = Math.floor((2 * abs + denominator) / (2 * denominator));
  return negative ? -rounded : rounded;
}
