import { z } from 'zod';
import { dayNumber } from '../../domain/calendar.js';
import { Code } from '../../http/schemas.js';

/**
 * The contract of apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả, docs/apology-letters.md): the list of
 * dossiers that need a letter, issuing letters one by one or in bulk, the counts, and the organizer's template —
 * requests and responses. Dates are local dates 'YYYY-MM-DD'.
 */

/** 'YYYY-MM-DD' that names a real day. */
export function isLocalDate(text: string): boolean {
  try {
    dayNumber(text);
    return true;
  } catch {
    return false;
  }
}

/** The most letters one bulk request (or one DOCX) may carry. */
export const MAX_BULK_LETTERS = 500;

export const LETTER_STATES = ['late', 'overdue'] as const;
/** late: resolved after its due date; overdue: not yet resolved and past its due date. */
export type LetterState = (typeof LETTER_STATES)[number];

// Requests.

export const LocalDateText = z.string().trim().refine(isLocalDate, 'must be a date YYYY-MM-DD');
export const DossierCode = z.string().trim().min(1).max(100);
const Reason = z.string().trim().max(2000);

export const DossierCodeParams = z.object({ code: DossierCode });

/** GET /apology-letters/dossiers. */
export const LateDossiersQuery = z.object({
  unit: Code.optional(),
  field: z.string().trim().max(200).optional(),
  /** late (resolved late), overdue (not yet resolved), or both. */
  state: z.enum(LETTER_STATES).optional(),
  letter: z.enum(['with', 'without']).optional(),
  /** Which date `from`–`to` applies to (inclusive, local dates). */
  dateBy: z.enum(['due', 'resolved']).default('due'),
  from: LocalDateText.optional(),
  to: LocalDateText.optional(),
  /** Part of the dossier code. */
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
/** The filter as the service takes it (defaults applied). */
export type LateDossiersFilter = z.infer<typeof LateDossiersQuery>;
/** The filter as a client sends it (defaults may be left out). */
export type LateDossiersQuery = Omit<z.input<typeof LateDossiersQuery>, 'limit' | 'offset'> & { limit?: number; offset?: number };

/** PUT /apology-letters/dossiers/:code: issue the letter, or edit it. */
export const LetterBody = z.object({ reason: Reason, newAppointmentDate: LocalDateText, issuedOn: LocalDateText.optional() });
export type LetterBody = z.infer<typeof LetterBody>;

/**
 * One letter to issue, as the service takes it. The rules (a reason, a new date, the dates' order) are checked by the
 * service with every broken rule named, so reason and date may be missing here.
 */
export const LetterInput = z.object({
  dossierCode: DossierCode,
  reason: Reason.optional(),
  newAppointmentDate: LocalDateText.optional(),
  /** The date printed on the letter; today by default (an earlier date records a letter issued on paper). */
  issuedOn: LocalDateText.optional(),
});
export type LetterInput = z.infer<typeof LetterInput>;

/** POST /apology-letters/bulk: one reason and new date for all, or per row. */
export const BulkLettersBody = z.object({
  reason: Reason.optional(),
  newAppointmentDate: LocalDateText.optional(),
  issuedOn: LocalDateText.optional(),
  letters: z
    .array(LetterInput.omit({ issuedOn: true }))
    .min(1)
    .max(MAX_BULK_LETTERS),
});
export type BulkLettersBody = z.infer<typeof BulkLettersBody>;

/** GET /apology-letters/letters.docx?codes=A,B,C. */
export const LettersDocxQuery = z.object({
  codes: z
    .string()
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(DossierCode).min(1).max(MAX_BULK_LETTERS)),
});

/** GET /apology-letters/counts. */
export const LetterCountsQuery = z.object({ by: z.enum(['unit', 'field']).default('unit'), from: LocalDateText, to: LocalDateText, unit: Code.optional() });
export type LetterCountsQuery = z.infer<typeof LetterCountsQuery>;

const line = (max: number) => z.string().max(max);

/** The letter template the organizer edits (PUT /apology-letters/template, and the preview). */
export const ApologyTemplate = z.object({
  /** Left column of the letterhead, upper-cased and bold: the unit, or the parent body over the unit. */
  letterhead: z.array(line(200)).max(4),
  /** What {{place}} prints: the locality in the date line ("Phú Thọ"). No placeholders. */
  place: line(100),
  /** What {{applicant}} prints ("Ông/Bà"); the platform keeps no applicant names. No placeholders. */
  applicant: line(100),
  dateLine: line(200),
  title: line(300),
  salutation: line(300),
  paragraphs: z.array(line(3000)).min(1).max(20),
  signatureTitle: line(200),
  signatureNote: line(200),
  signerName: line(200),
  /** "Nơi nhận:" lines at the bottom left. */
  recipients: z.array(line(300)).max(10),
});
export type ApologyTemplate = z.infer<typeof ApologyTemplate>;

// Responses.

/** What the caller may do with apology letters (policies.ts); the web shows its tabs and buttons from it. */
export const ApologyCan = z.object({
  listDossiers: z.boolean().describe('list the late and overdue dossiers (of the own unit for unit staff)'),
  issue: z.boolean().describe('issue a letter for one dossier'),
  issueBulk: z.boolean().describe('issue letters for several dossiers at once'),
  edit: z.boolean().describe('edit an issued letter (reason, new date)'),
  editTemplate: z.boolean().describe('edit, preview and reset the letter template'),
  chooseUnit: z.boolean().describe('choose any unit (unit staff see their own unit only)'),
});
export type ApologyCan = z.infer<typeof ApologyCan>;

export const IssuedLetter = z.object({
  reason: z.string(),
  newAppointmentDate: z.string(),
  issuedOn: z.string(),
  issuedBy: z.string().nullable(),
});
export type IssuedLetter = z.infer<typeof IssuedLetter>;

export const LateDossier = z.object({
  code: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  field: z.string(),
  status: z.string(),
  receivedDate: z.string(),
  dueDate: z.string(),
  resolvedDate: z.string().nullable(),
  state: z.enum(LETTER_STATES),
  /** Working days after the due date until the resolution date (late) or today (overdue). */
  workingDaysLate: z.number(),
  letter: IssuedLetter.nullable(),
});
export type LateDossier = z.infer<typeof LateDossier>;

export const LateDossierList = z.object({ items: z.array(LateDossier), total: z.number(), withoutLetter: z.number(), can: ApologyCan });
export type LateDossierList = z.infer<typeof LateDossierList>;

export const IssueResult = z.object({ dossierCode: z.string(), created: z.boolean(), letter: IssuedLetter });
export type IssueResult = z.infer<typeof IssueResult>;

export const BulkIssueResult = z.object({ items: z.array(IssueResult) });
export type BulkIssueResult = z.infer<typeof BulkIssueResult>;

export const LetterCountRow = z.object({
  /** Unit code, or the field's name. */
  key: z.string(),
  name: z.string(),
  /** Resolved late in the period (resolution date). */
  late: z.number(),
  lateWithLetter: z.number(),
  /** Not resolved, due in the period and before today. */
  overdue: z.number(),
  overdueWithLetter: z.number(),
  /** lateWithLetter + overdueWithLetter. */
  letters: z.number(),
  /** late + overdue − letters. */
  missing: z.number(),
  /** Letters dated (issued_on) in the period, whatever the dossier's dates. */
  issued: z.number(),
});
export type LetterCountRow = z.infer<typeof LetterCountRow>;

export const LetterCounts = z.object({ rows: z.array(LetterCountRow), total: LetterCountRow, can: ApologyCan });
export type LetterCounts = z.infer<typeof LetterCounts>;

/** The template in use: the built-in one until the organizer saves one. */
export const TemplateView = z.object({
  template: ApologyTemplate,
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  version: z.number().int().describe('The ETag (0: the built-in template); send it back in If-Match when saving'),
});
export type TemplateView = z.infer<typeof TemplateView>;

/** The template as answered: with the placeholders it may use and what the caller may do. */
export const TemplateResponse = TemplateView.extend({ placeholders: z.record(z.string(), z.string()), can: ApologyCan });
export type TemplateResponse = z.infer<typeof TemplateResponse>;

/** A letter with every placeholder filled in: what the DOCX prints and the preview shows. */
export const RenderedLetter = z.object({
  letterhead: z.array(z.string()),
  dateLine: z.string(),
  title: z.string(),
  salutation: z.string(),
  paragraphs: z.array(z.string()),
  signatureTitle: z.string(),
  signatureNote: z.string(),
  signerName: z.string(),
  recipients: z.array(z.string()),
});
export type RenderedLetter = z.infer<typeof RenderedLetter>;
