import type { Actor } from '../auth/actor.js';
import { isStaffOf, isUnitStaff } from '../auth/scope.js';
import type { CriterionCan, SheetCan } from './schemas.js';

/**
 * Who may do what on one unit's assessment, on the one unit-scope rule (auth/scope.ts). Unpublished assessments are
 * never shown to another unit's staff or to viewers; appraisers see the units they appraise once submitted (or once the
 * unit let its deadline pass without submitting: they then appraise it on their own); the
 * organizer and council see all.
 */
export const policies = {
  /** `handedOver`: the unit submitted, or missed its submission (its window closed without one). */
  readSheet(actor: Actor, unitId: number, handedOver: boolean): boolean {
    if (isUnitStaff(actor)) return isStaffOf(actor, unitId);
    if (actor.role === 'admin' || actor.role === 'council') return true;
    if (actor.role === 'appraiser') return handedOver;
    return false;
  },
  /** The unit's own staff score it, attach and remove its evidence, and answer explanation requests. */
  selfAssess(actor: Actor, unitId: number): boolean {
    return isStaffOf(actor, unitId);
  },
  submit(actor: Actor, unitId: number): boolean {
    return actor.role === 'unit_leader' && isStaffOf(actor, unitId);
  },
  /** An appraiser acts for the department that appraises the criterion. */
  appraise(actor: Actor, appraiserUnitCode: string | null, actorUnitCode: string | null): boolean {
    return actor.role === 'appraiser' && appraiserUnitCode !== null && appraiserUnitCode === actorUnitCode;
  },
  /** Whose queue of criteria to appraise this is: an appraiser's, for their department. */
  appraisalQueue(actor: Actor): boolean {
    return actor.role === 'appraiser';
  },
  council(actor: Actor): boolean {
    return actor.role === 'council';
  },
  organizer(actor: Actor): boolean {
    return actor.role === 'admin';
  },
};

/** The survey, bonus and penalty points are the organizer's to enter; manual and formula criteria are scored in the cycle. */
export const ORGANIZER_METHODS: readonly string[] = ['survey', 'bonus', 'penalty'];

/** What the sheet's `can` is computed from. */
export interface SheetState {
  unitId: number;
  /** The round is open (neither approved nor published). */
  open: boolean;
  submitted: boolean;
  /** The unit never submitted and its self-assessment window has closed: the appraisers score it on their own. */
  missed: boolean;
  /** The caller's own unit's code (an appraiser's department), if any. */
  actorUnitCode: string | null;
}

export interface CriterionState {
  leaf: boolean;
  method: string;
  appraiser: string | null;
  appraisalFinal: boolean;
  explanationRequest: string | null;
  explanationAnswer: string | null;
}

const NOTHING: CriterionCan = {
  selfAssess: false,
  uploadEvidence: false,
  removeEvidence: false,
  explain: false,
  appraise: false,
  council: false,
  organizerScore: false,
};

/** What the caller may do on one criterion of the sheet (the deadlines apart: see schemas.ts). */
export function criterionCan(actor: Actor, sheet: SheetState, c: CriterionState): CriterionCan {
  if (!c.leaf || !sheet.open) return NOTHING;
  const staff = policies.selfAssess(actor, sheet.unitId);
  // A sheet handed over (submitted, or its window closed without a submission) is no longer the unit's to score.
  const selfEditable = staff && c.method === 'manual' && !sheet.submitted && !sheet.missed;
  return {
    selfAssess: selfEditable,
    // After submission, evidence may come with the answer to an explanation asked on the criterion.
    uploadEvidence: selfEditable || (staff && Boolean(c.explanationRequest) && !c.explanationAnswer),
    removeEvidence: selfEditable,
    explain: staff && Boolean(c.explanationRequest) && !c.explanationAnswer,
    appraise: policies.appraise(actor, c.appraiser, sheet.actorUnitCode) && (sheet.submitted || sheet.missed) && c.method === 'manual' && !c.appraisalFinal,
    council: policies.council(actor),
    organizerScore: policies.organizer(actor) && ORGANIZER_METHODS.includes(c.method),
  };
}

/** On the sheet as a whole: each right the caller has on at least one criterion, and whether they may submit. */
export function sheetCan(actor: Actor, sheet: SheetState, criteria: readonly CriterionCan[]): SheetCan {
  const any = (key: keyof CriterionCan) => criteria.some((c) => c[key]);
  return {
    selfAssess: any('selfAssess'),
    uploadEvidence: any('uploadEvidence'),
    appraise: any('appraise'),
    council: any('council'),
    organizerScore: any('organizerScore'),
    submit: sheet.open && !sheet.submitted && !sheet.missed && policies.submit(actor, sheet.unitId),
  };
}
