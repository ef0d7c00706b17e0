import { describe, expect, it } from 'vitest';
import { checkRoundDates, localDate, stageWindow } from '../../src/domain/deadlines.js';

const DATES = {
  selfAssessmentFrom: '2025-11-01',
  selfAssessmentTo: '2025-11-30',
  appraisalTo: '2025-12-15',
  explanationTo: '2025-12-22',
  councilTo: '2025-12-31',
};

describe('localDate', () => {
  it('is the Vietnamese calendar date (UTC+7)', () => {
    expect(localDate(new Date('2025-11-30T16:59:59Z'))).toBe('2025-11-30');
    expect(localDate(new Date('2025-11-30T17:00:00Z'))).toBe('2025-12-01');
  });
});

describe('stageWindow', () => {
  it('opens self-assessment on its first day and closes after its last, both included', () => {
    expect(stageWindow(DATES, 'self_assessment', '2025-10-31')).toEqual({ open: false, reason: 'not_started', deadline: '2025-11-30', opensOn: '2025-11-01' });
    expect(stageWindow(DATES, 'self_assessment', '2025-11-01').open).toBe(true);
    expect(stageWindow(DATES, 'self_assessment', '2025-11-30').open).toBe(true);
    expect(stageWindow(DATES, 'self_assessment', '2025-12-01')).toEqual({ open: false, reason: 'closed', deadline: '2025-11-30' });
  });

  it('a later extension for the unit moves its deadline; an earlier one does not', () => {
    expect(stageWindow(DATES, 'self_assessment', '2025-12-03', '2025-12-05')).toEqual({ open: true, deadline: '2025-12-05' });
    expect(stageWindow(DATES, 'self_assessment', '2025-12-06', '2025-12-05').open).toBe(false);
    expect(stageWindow(DATES, 'appraisal', '2025-12-14', '2025-12-01')).toEqual({ open: true, deadline: '2025-12-15' });
  });

  it('each later stage runs to its own date', () => {
    expect(stageWindow(DATES, 'appraisal', '2025-12-15').open).toBe(true);
    expect(stageWindow(DATES, 'appraisal', '2025-12-16').open).toBe(false);
    expect(stageWindow(DATES, 'explanation', '2025-12-22').open).toBe(true);
    expect(stageWindow(DATES, 'council', '2026-01-01').open).toBe(false);
  });
});

describe('checkRoundDates', () => {
  it('wants the stages in order', () => {
    expect(checkRoundDates(DATES)).toEqual([]);
    expect(checkRoundDates({ ...DATES, appraisalTo: '2025-11-15' })).toEqual([
      {
        path: 'appraisalTo',
        code: 'date_before_self_assessment_to',
        params: { field: 'appraisalTo', other: 'selfAssessmentTo', date: '2025-11-30' },
        message: 'must not be before selfAssessmentTo (2025-11-30)',
      },
    ]);
  });
});
