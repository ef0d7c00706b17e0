import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ClassBand, compareCodes, type CriterionDraft, effectiveAppraisers, parentCodeOf, validateFramework } from '../../src/domain/framework.js';
import { parsePoints } from '../../src/domain/points.js';
import { SAMPLE_FRAMEWORK } from '../helpers/samples.js';

const SAMPLE = SAMPLE_FRAMEWORK;
const APPRAISERS = new Set(['SNV', 'STP', 'VP', 'STC', 'STTTT']);
const CLASSES: ClassBand[] = [
  { label: 'Tốt', min: 90 },
  { label: 'Khá', min: 80 },
  { label: 'Trung bình', min: 70 },
  { label: 'Yếu', min: 0 },
];

/** A draft with points written as text, the way a file gives them. */
function c(code: string, maxPoints: string, extra: Partial<CriterionDraft> = {}): CriterionDraft {
  return {
    code,
    title: `Tiêu chí ${code}`,
    maxPoints: parsePoints(maxPoints),
    method: 'manual',
    evidenceRequired: false,
    appraiser: null,
    guidance: null,
    formula: null,
    ...extra,
  };
}

const check = (criteria: CriterionDraft[], classes: ClassBand[] = CLASSES) => validateFramework(criteria, classes, { appraisers: APPRAISERS });

describe('validateFramework', () => {
  it('accepts the sample framework of the departments block', () => {
    const sample = JSON.parse(fs.readFileSync(SAMPLE, 'utf8')) as {
      classes: ClassBand[];
      criteria: {
        code: string;
        title: string;
        maxPoints: number;
        method: CriterionDraft['method'];
        evidenceRequired?: boolean;
        appraiser?: string;
        guidance?: string;
        formula?: string;
      }[];
    };
    const drafts = sample.criteria.map((s) =>
      c(s.code, String(s.maxPoints), {
        title: s.title,
        method: s.method,
        evidenceRequired: s.evidenceRequired ?? false,
        appraiser: s.appraiser ?? null,
        guidance: s.guidance ?? null,
        formula: s.formula ?? null,
      }),
    );
    expect(drafts).toHaveLength(50);
    expect(validateFramework(drafts, sample.classes, { appraisers: APPRAISERS })).toEqual([]);
    // Without the appraisers the same framework names each unknown one where it is set (fields 1 to 8, not 9–11).
    const unknown = validateFramework(drafts, sample.classes, { appraisers: new Set() });
    expect(unknown.map((i) => [i.code, i.field])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'].map((code) => [code, 'appraiser']));
  });

  it('compares a parent with the exact sum of quarter-point children', () => {
    // 0.25 + 0.25 + 0.75 + 0.25 = 1.50; 0.1 + 0.2 = 0.3 exactly (binary floating point gives 0.30000000000000004).
    expect(
      check([c('1', '1.5'), c('1.1', '0.25'), c('1.2', '0.25'), c('1.3', '0.75'), c('1.4', '0.25'), c('2', '0.3'), c('2.1', '0.1'), c('2.2', '0.2')]),
    ).toEqual([]);
    expect(check([c('1', '1.50'), c('1.1', '0.25'), c('1.2', '1,00')])).toMatchObject([
      { index: 0, code: '1', field: 'max_points', message: 'max points 1.50 differ from the sum of its sub-criteria, 1.25' },
    ]);
    // Only direct children count: 1 = 1.1 + 1.2 = 3, and 1.1 = 1.1.1 + 1.1.2 = 0.75 + 0.5 = 1.25, not 1.
    expect(check([c('1', '3'), c('1.1', '1'), c('1.1.1', '0.75'), c('1.1.2', '0.5'), c('1.2', '2')])).toMatchObject([
      { index: 1, code: '1.1', field: 'max_points', message: 'max points 1.00 differ from the sum of its sub-criteria, 1.25' },
    ]);
  });

  it('refuses a duplicate code on its second occurrence', () => {
    // The second 1.1 is left out of everything else, so 1 = 1.1 = 1 holds.
    expect(check([c('1', '1'), c('1.1', '1'), c('1.1', '1')])).toMatchObject([{ index: 2, code: '1.1', field: 'code', message: 'code 1.1 appears twice' }]);
  });

  it('refuses a criterion whose parent is missing, and codes that are not dotted numbers', () => {
    expect(check([c('1', '1'), c('2.1', '1')])).toMatchObject([{ index: 1, code: '2.1', field: 'code', message: 'parent criterion 2 is missing' }]);
    const bad = check([c('1.0', '1'), c('01', '1'), c('a', '1'), c('1.', '1')]);
    expect(bad.map((i) => [i.index, i.field])).toEqual([
      [0, 'code'],
      [1, 'code'],
      [2, 'code'],
      [3, 'code'],
    ]);
    expect(bad[0]!.message).toBe('"1.0" is not a dotted code such as 1, 1.2 or 1.2.3');
  });

  it('keeps the kind of survey, bonus and penalty parents in their children', () => {
    expect(check([c('9', '20', { method: 'survey' }), c('9.1', '8', { method: 'survey' }), c('9.2', '12', { method: 'manual' })])).toMatchObject([
      { index: 2, code: '9.2', field: 'method', message: 'a criterion under a survey criterion must be survey too' },
    ]);
    expect(check([c('10', '2', { method: 'bonus' }), c('10.1', '2', { method: 'penalty' })])).toMatchObject([
      { index: 1, code: '10.1', field: 'method', message: 'a criterion under a bonus criterion must be bonus too' },
    ]);
    // Under a manual parent any method is fine.
    expect(check([c('3', '6'), c('3.1', '4', { method: 'formula', formula: 'onTimeRate >= 98 ? 4 : 0' }), c('3.2', '2', { method: 'survey' })])).toEqual([]);
  });

  it('allows a formula only on a leaf, and only with method formula', () => {
    expect(check([c('1', '2', { method: 'formula', formula: 'min(2, onlineShare / 50)' }), c('1.1', '2')])).toMatchObject([
      { index: 0, code: '1', field: 'formula', message: 'only a criterion without sub-criteria can have a formula' },
    ]);
    expect(check([c('1', '2', { formula: 'onTimeRate / 50' }), c('1.1', '2')]).map((i) => [i.code, i.field])).toEqual([['1', 'formula']]);
    expect(check([c('1', '2', { formula: 'onTimeRate / 50' })])).toMatchObject([
      { index: 0, code: '1', field: 'formula', message: 'a manual criterion has no formula; set method to formula' },
    ]);
    expect(check([c('1', '2', { method: 'formula' })])).toMatchObject([
      { index: 0, code: '1', field: 'formula', message: 'a formula criterion needs a formula' },
    ]);
  });

  it('reports a formula that cannot be read, uses code, or names an unknown variable', () => {
    const [unreadable] = check([c('1', '4', { method: 'formula', formula: 'onTimeRate >= ? 4' })]);
    expect(unreadable).toMatchObject({ index: 0, code: '1', field: 'formula' });
    expect(unreadable!.message).toMatch(/^cannot read the formula/);
    expect(check([c('1', '4', { method: 'formula', formula: 'process.exit(1)' })])).toMatchObject([
      { index: 0, code: '1', field: 'formula', message: 'only the functions min, max, abs, round are allowed' },
    ]);
    const [unknown] = check([c('1', '4', { method: 'formula', formula: 'onTimeRatio >= 98 ? 4 : 0' })]);
    expect(unknown).toMatchObject({ index: 0, code: '1', field: 'formula' });
    expect(unknown!.message).toMatch(/^unknown variable onTimeRatio; known: onTimeRate, onlineShare/);
  });

  it('refuses an appraiser the province does not have', () => {
    expect(check([c('1', '2', { appraiser: 'SNV' }), c('1.1', '2', { appraiser: 'SXX' })])).toMatchObject([
      { index: 1, code: '1.1', field: 'appraiser', message: 'unknown appraising unit SXX' },
    ]);
  });

  it('wants class bands from the highest minimum down to a band at 0', () => {
    const one = [c('1', '1')];
    expect(
      check(one, [
        { label: 'A', min: 80 },
        { label: 'B', min: 90 },
        { label: 'C', min: 0 },
      ]),
    ).toMatchObject([{ index: null, code: null, field: 'classes.1.min', message: 'class bands must be listed from the highest minimum down' }]);
    expect(
      check(one, [
        { label: 'A', min: 90 },
        { label: 'B', min: 90 },
        { label: 'C', min: 0 },
      ]).map((i) => i.field),
    ).toEqual(['classes.1.min']);
    expect(
      check(one, [
        { label: 'A', min: 90 },
        { label: 'B', min: 50 },
      ]),
    ).toMatchObject([{ index: null, code: null, field: 'classes', message: 'the lowest class band must start at 0 so every unit gets a class' }]);
    expect(check(one, []).map((i) => i.field)).toEqual(['classes']);
    expect(
      check(one, [
        { label: 'A', min: 90.125 },
        { label: ' ', min: 0 },
      ]).map((i) => i.field),
    ).toEqual(['classes.0.min', 'classes.1.label']);
    expect(
      check(one, [
        { label: 'A', min: 89.99 },
        { label: 'B', min: 0 },
      ]),
    ).toEqual([]);
  });

  it('reports every problem at once, and an empty framework', () => {
    expect(check([]).map((i) => i.field)).toEqual(['criteria']);
    const many = check([c('1', '2'), c('1.1', '1', { title: '  ' }), c('1.1', '1'), c('2.1', '1', { appraiser: 'ZZ' })], [{ label: 'A', min: 10 }]);
    expect(many.map((i) => `${i.code ?? '-'}:${i.field}`)).toEqual(['1.1:code', '1.1:title', '2.1:code', '2.1:appraiser', '1:max_points', '-:classes']);
  });
});

describe('codes and appraisers', () => {
  it('finds the parent code and orders codes as numbers', () => {
    expect([parentCodeOf('1'), parentCodeOf('1.2'), parentCodeOf('1.2.10')]).toEqual([null, '1', '1.2']);
    expect(['2', '1.10', '1.2', '10', '1', '1.2.1'].sort(compareCodes)).toEqual(['1', '1.2', '1.2.1', '1.10', '2', '10']);
  });

  it('gives each criterion its own appraiser or its nearest ancestor’s', () => {
    const map = effectiveAppraisers([
      { code: '1', appraiser: 'SNV' },
      { code: '1.1', appraiser: null },
      { code: '1.1.1', appraiser: null },
      { code: '1.2', appraiser: 'STP' },
      { code: '1.2.1', appraiser: null },
      { code: '9', appraiser: null },
      { code: '9.1', appraiser: null },
    ]);
    expect(Object.fromEntries(map)).toEqual({ '1': 'SNV', '1.1': 'SNV', '1.1.1': 'SNV', '1.2': 'STP', '1.2.1': 'STP', '9': null, '9.1': null });
  });
});
