/**
 * The registers units report on besides plans (domain.md "Other records units report"): legal documents, procedure
 * reviews, training courses, contests, knowledge tests and the ISO 9001 quality system. Pure: what each register's
 * entries hold, how an entry is checked, and the counts the formula variables read.
 *
 * An entry is one row of one register of a unit and year, keyed by its `code` (a document number, a course code):
 * its `title`, an optional date and the register's own fields. Imports are idempotent by unit, register and code.
 */

export const REGISTER_KINDS = ['legal_documents', 'procedure_reviews', 'training_courses', 'contests', 'knowledge_tests', 'quality_system'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export type RegisterFieldType = { type: 'choice'; options: readonly string[] } | { type: 'count' };

/** A register's own fields (besides code, title and date), each required. */
export const REGISTER_FIELDS = {
  legal_documents: { action: { type: 'choice', options: ['issued', 'amended', 'repeal_proposed'] } },
  procedure_reviews: { proposal: { type: 'choice', options: ['abolish', 'simplify'] }, procedure_code: { type: 'text' } },
  training_courses: { participants: { type: 'count' } },
  contests: { participants: { type: 'count' } },
  knowledge_tests: { participants: { type: 'count' }, passed: { type: 'count' } },
  quality_system: { status: { type: 'choice', options: ['announced', 'maintained', 'not_applied'] }, internal_audits: { type: 'count' } },
} as const satisfies Record<RegisterKind, Record<string, RegisterFieldType | { type: 'text' }>>;

export type RegisterFieldName<K extends RegisterKind> = keyof (typeof REGISTER_FIELDS)[K] & string;

/** What an entry stores besides code/title/date: choices as their codes, counts as integers ≥ 0, texts as strings. */
export type RegisterData = Record<string, string | number>;

export interface RegisterEntryState {
  register: RegisterKind;
  data: RegisterData;
}

/** Why an entry's fields are refused: a reason code with the field it is about. */
export interface RegisterIssue {
  field: string;
  code: 'register_field_required' | 'register_field_choice' | 'register_field_count' | 'register_passed_over_participants';
  params: Record<string, string | number>;
}

const MAX_COUNT = 1_000_000;

/** Checks (and normalises) an entry's own fields: every field present, choices among their options, counts whole numbers. */
export function checkRegisterData(register: RegisterKind, raw: Record<string, unknown>): { data: RegisterData; issues: RegisterIssue[] } {
  const fields = REGISTER_FIELDS[register] as Record<string, RegisterFieldType | { type: 'text' }>;
  const data: RegisterData = {};
  const issues: RegisterIssue[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    const value = raw[field];
    const text = value === undefined || value === null ? '' : String(value).trim();
    if (text === '') {
      issues.push({ field, code: 'register_field_required', params: { field } });
      continue;
    }
    if (spec.type === 'choice') {
      if (!spec.options.includes(text)) issues.push({ field, code: 'register_field_choice', params: { field, value: text, options: spec.options.join(', ') } });
      else data[field] = text;
    } else if (spec.type === 'count') {
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n) || n > MAX_COUNT) issues.push({ field, code: 'register_field_count', params: { field, value: text, max: MAX_COUNT } });
      else data[field] = n;
    } else {
      data[field] = text.slice(0, 500);
    }
  }
  if (register === 'knowledge_tests' && typeof data.passed === 'number' && typeof data.participants === 'number' && data.passed > data.participants)
    issues.push({ field: 'passed', code: 'register_passed_over_participants', params: { passed: data.passed, participants: data.participants } });
  return { data, issues };
}

/** The counts per unit and year that formula criteria read, each from one register. */
export const REGISTER_COUNTS = {
  legalDocumentsIssued: 'legal_documents',
  legalDocumentsAmended: 'legal_documents',
  legalDocumentsRepealProposed: 'legal_documents',
  proceduresProposedAbolished: 'procedure_reviews',
  proceduresProposedSimplified: 'procedure_reviews',
  trainingCourses: 'training_courses',
  trainingParticipants: 'training_courses',
  contests: 'contests',
  contestParticipants: 'contests',
  knowledgeTestParticipants: 'knowledge_tests',
  knowledgeTestPassed: 'knowledge_tests',
  isoApplied: 'quality_system',
  isoInternalAudits: 'quality_system',
} as const satisfies Record<string, RegisterKind>;
export type RegisterCount = keyof typeof REGISTER_COUNTS;
export const REGISTER_COUNT_NAMES = Object.keys(REGISTER_COUNTS) as RegisterCount[];

const num = (data: RegisterData, field: string) => (typeof data[field] === 'number' ? data[field] : 0);

/** Every register count of one unit's entries of a year. isoApplied is 1 when an entry says the system is announced or maintained. */
export function registerCounts(entries: readonly RegisterEntryState[]): Record<RegisterCount, number> {
  const counts = Object.fromEntries(REGISTER_COUNT_NAMES.map((name) => [name, 0])) as Record<RegisterCount, number>;
  for (const { register, data } of entries) {
    switch (register) {
      case 'legal_documents':
        if (data.action === 'issued') counts.legalDocumentsIssued++;
        if (data.action === 'amended') counts.legalDocumentsAmended++;
        if (data.action === 'repeal_proposed') counts.legalDocumentsRepealProposed++;
        break;
      case 'procedure_reviews':
        if (data.proposal === 'abolish') counts.proceduresProposedAbolished++;
        if (data.proposal === 'simplify') counts.proceduresProposedSimplified++;
        break;
      case 'training_courses':
        counts.trainingCourses++;
        counts.trainingParticipants += num(data, 'participants');
        break;
      case 'contests':
        counts.contests++;
        counts.contestParticipants += num(data, 'participants');
        break;
      case 'knowledge_tests':
        counts.knowledgeTestParticipants += num(data, 'participants');
        counts.knowledgeTestPassed += num(data, 'passed');
        break;
      case 'quality_system':
        if (data.status === 'announced' || data.status === 'maintained') counts.isoApplied = 1;
        counts.isoInternalAudits += num(data, 'internal_audits');
        break;
    }
  }
  return counts;
}

/** The columns of a register's file: `unit_code,code,title,date`, then the register's fields in REGISTER_FIELDS order. */
export function registerFileColumns(register: RegisterKind): string[] {
  return ['unit_code', 'code', 'title', 'date', ...Object.keys(REGISTER_FIELDS[register])];
}

/** A register's field spec by name (choice options, count or text), for forms and file checks. */
export function registerFieldSpecs(register: RegisterKind): [field: string, spec: RegisterFieldType | { type: 'text' }][] {
  return Object.entries(REGISTER_FIELDS[register] as Record<string, RegisterFieldType | { type: 'text' }>);
}
