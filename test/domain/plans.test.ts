import { describe, expect, it } from 'vitest';
import {
  inspectionCoverage,
  isIssuedLate,
  isRemediationOverdue,
  rateOf,
  reportsOnTimeRate,
  requiredPlansChecklist,
  type TaskState,
  taskProgress,
} from '../../src/domain/plans.js';

const task = (status: TaskState['status'], deadline: string | null = null, completedOn: string | null = null): TaskState => ({ status, deadline, completedOn });

describe('plan task progress (domain.md "Plans and inspections")', () => {
  it('36 of 54 counted tasks done is 66.67 %: 36 × 10,000 / 54 = 6,666.67 → 6,667 hundredths', () => {
    const tasks = [...Array.from({ length: 36 }, () => task('done')), ...Array.from({ length: 18 }, () => task('todo'))];
    expect(taskProgress(tasks, '2026-06-30')).toEqual({ tasks: 54, completed: 36, overdue: 0, completionRate: 6667 });
  });

  it('leaves cancelled tasks out of the totals: 2 done of 3 counted (1 cancelled) is 66.67 %, not 50 %', () => {
    const progress = taskProgress([task('done'), task('done'), task('in_progress'), task('cancelled')], '2026-06-30');
    expect(progress.tasks).toBe(3);
    expect(progress.completionRate).toBe(6667);
  });

  it('a unit with only cancelled tasks has no rate (null, not zero) and no error', () => {
    expect(taskProgress([task('cancelled'), task('cancelled')], '2026-06-30')).toEqual({ tasks: 0, completed: 0, overdue: 0, completionRate: null });
    expect(taskProgress([], '2026-06-30').completionRate).toBeNull();
  });

  it('a task is overdue when not done and its deadline is before the as-of date (the deadline day itself is not late)', () => {
    const tasks = [
      task('todo', '2026-03-31'), // overdue
      task('in_progress', '2026-04-01'), // due on the as-of date: not yet overdue
      task('done', '2026-01-31', '2026-02-10'), // done late, but done: not overdue
      task('cancelled', '2026-01-31'), // cancelled: not counted
      task('todo', null), // no deadline
    ];
    expect(taskProgress(tasks, '2026-04-01')).toEqual({ tasks: 4, completed: 1, overdue: 1, completionRate: 2500 });
  });
});

describe('required plans, inspections, remediation, reports', () => {
  it('7 required plans, 7 issued of which 2 after their due date', () => {
    const kinds = ['reform', 'procedures', 'communication', 'it', 'training', 'self_inspection', 'sipas'];
    const plans = new Map(kinds.map((kind, i) => [kind, { issuedOn: i < 2 ? '2026-02-05' : '2026-01-20', dueOn: '2026-01-31' }]));
    expect(requiredPlansChecklist(kinds, plans)).toEqual({ required: 7, issued: 7, late: 2, issuedRate: 10000 });
  });

  it('counts only required kinds, and a plan without an issue date is not issued: 2 of 3 → 66.67 %', () => {
    const plans = new Map([
      ['reform', { issuedOn: '2026-01-10', dueOn: '2026-01-31' }],
      ['it', { issuedOn: null, dueOn: '2026-01-31' }],
      ['training', { issuedOn: '2026-01-15', dueOn: null }],
      ['extra', { issuedOn: '2026-01-15', dueOn: '2026-01-31' }],
    ]);
    expect(requiredPlansChecklist(['reform', 'it', 'training'], plans)).toEqual({ required: 3, issued: 2, late: 0, issuedRate: 6667 });
    expect(requiredPlansChecklist([], plans).issuedRate).toBeNull();
    expect(isIssuedLate({ issuedOn: '2026-02-01', dueOn: '2026-01-31' })).toBe(true);
    expect(isIssuedLate({ issuedOn: '2026-01-31', dueOn: '2026-01-31' })).toBe(false);
  });

  it('inspection coverage 4 of 11 is 36.36 % (40,000 / 11 = 3,636.36 → 3,636)', () => {
    expect(inspectionCoverage(4, 11)).toBe(3636);
    expect(inspectionCoverage(0, 0)).toBeNull();
    expect(rateOf(1, 8)).toBe(1250);
    expect(rateOf(1, 3)).toBe(3333);
    expect(rateOf(2, 3)).toBe(6667);
  });

  it('remediation is overdue while open after its deadline', () => {
    expect(isRemediationOverdue({ deadline: '2026-05-31', closedOn: null }, '2026-06-01')).toBe(true);
    expect(isRemediationOverdue({ deadline: '2026-05-31', closedOn: '2026-06-10' }, '2026-06-15')).toBe(false);
    expect(isRemediationOverdue({ deadline: '2026-05-31', closedOn: null }, '2026-05-31')).toBe(false);
  });

  it('reports on time: submitted by the due date among reports due by the as-of date or already submitted', () => {
    const reports = [
      { dueOn: '2026-03-25', submittedOn: '2026-03-20' }, // on time
      { dueOn: '2026-06-25', submittedOn: '2026-06-30' }, // late
      { dueOn: '2026-09-25', submittedOn: null }, // due, missing: counts as not on time
      { dueOn: '2026-12-25', submittedOn: null }, // not due yet: not counted
    ];
    // 1 on time of 3 counted → 33.33 %.
    expect(reportsOnTimeRate(reports, '2026-10-01')).toBe(3333);
    expect(reportsOnTimeRate([{ dueOn: '2026-12-25', submittedOn: null }], '2026-10-01')).toBeNull();
  });
});
