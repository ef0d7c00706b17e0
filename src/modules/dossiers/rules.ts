import type { WorkingCalendar } from '../../domain/calendar.js';
import { foldVietnamese, quote } from '../../domain/text.js';
import {
  classifyTimeliness,
  dueDayOf,
  dueInstantOfDay,
  LOCAL_OFFSET_MS,
  localDayNumberOf,
  parseLocalInstant,
  type Timeliness,
} from '../../domain/timeliness.js';
import { DOSSIER_CHANNELS, DOSSIER_STATUSES, type DossierChannel, type DossierStatus } from '../../db/schema.js';
import type { ProcedureRef } from '../procedures/service.js';
import type { ReasonedText } from '../../errors.js';
import { ioText } from '../../io/reasons.js';
import { dossierText } from './reasons.js';
import { DOSSIER_TEXT_LIMITS } from './schemas.js';

/**
 * The rules one dossier row must pass, and the columns derived from it (local dates, computed due date,
 * timeliness). No I/O: the look-ups come in. The rules are listed in docs/dossiers.md.
 */

export const DOSSIER_COLUMNS = [
  'code',
  'unit_code',
  'procedure_code',
  'field',
  'channel',
  'received_at',
  'due_at',
  'resolved_at',
  'returned_at',
  'status',
] as const;
export type DossierColumn = (typeof DOSSIER_COLUMNS)[number];

/** One row as read: the ten columns in DOSSIER_COLUMNS order, '' for an empty cell. */
export type RawDossier = readonly string[];

export interface DossierLookups {
  unitId(code: string): number | undefined;
  procedure(code: string): ProcedureRef | undefined;
  calendar: WorkingCalendar;
  /**
   * The moment of the import (epoch ms, the server's clock): a received, resolved or returned time after it is
   * refused — a dossier cannot have been received or resolved later than the moment its data arrives. Absent: not checked.
   */
  nowMs?: number;
}

export interface CheckedDossier {
  code: string;
  unitId: number;
  procedureId: number;
  field: string;
  channel: DossierChannel;
  status: DossierStatus;
  receivedMs: number;
  dueMs: number;
  dueComputed: boolean;
  resolvedMs: number | null;
  returnedMs: number | null;
  receivedDay: number;
  dueDay: number;
  resolvedDay: number | null;
  timeliness: Timeliness | null;
}

export type RowProblem = { column?: DossierColumn } & ReasonedText;

export const MAX_CODE_LENGTH = DOSSIER_TEXT_LIMITS.code;
export const MAX_FIELD_LENGTH = DOSSIER_TEXT_LIMITS.field;

/** A value longer than its column allows: the message names the length, never the value. */
const tooLong = (reason: TooLongReason, text: string, max: number) => dossierText(reason, { length: text.length, maximum: max });
type TooLongReason =
  | 'dossier_code_too_long'
  | 'dossier_unit_code_too_long'
  | 'dossier_procedure_code_too_long'
  | 'dossier_field_too_long'
  | 'dossier_channel_too_long'
  | 'dossier_status_too_long';

// The spellings one-stop-shop exports use, folded (lower case, no diacritics).
const CHANNEL_ALIASES: Record<string, DossierChannel> = {
  direct: 'direct',
  online: 'online',
  postal: 'postal',
  'truc tiep': 'direct',
  'truc tuyen': 'online',
  'dich vu cong truc tuyen': 'online',
  'buu chinh': 'postal',
  'buu chinh cong ich': 'postal',
};

const STATUS_ALIASES: Record<string, DossierStatus> = {
  ...Object.fromEntries(DOSSIER_STATUSES.map((s) => [s, s])),
  'needs supplement': 'needs_supplement',
  'tiep nhan': 'received',
  'da tiep nhan': 'received',
  'moi tiep nhan': 'received',
  'dang xu ly': 'processing',
  'dang giai quyet': 'processing',
  'cho bo sung': 'needs_supplement',
  'yeu cau bo sung': 'needs_supplement',
  'tam dung': 'suspended',
  'rut ho so': 'withdrawn',
  'da rut': 'withdrawn',
  'cong dan rut': 'withdrawn',
  'da giai quyet': 'resolved',
  'da xu ly': 'resolved',
  'hoan thanh': 'resolved',
  'da tra ket qua': 'returned',
  'tra ket qua': 'returned',
  'tu choi': 'rejected',
  'khong giai quyet': 'rejected',
};

const CHANNELS = new Set<string>(DOSSIER_CHANNELS);
const STATUSES = new Set<string>(DOSSIER_STATUSES);

function channelOf(text: string): DossierChannel | undefined {
  if (CHANNELS.has(text)) return text as DossierChannel;
  return CHANNEL_ALIASES[foldVietnamese(text).replace(/_/g, ' ')];
}

function statusOf(text: string): DossierStatus | undefined {
  if (STATUSES.has(text)) return text as DossierStatus;
  return STATUS_ALIASES[foldVietnamese(text).replace(/_/g, ' ')];
}

// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks one row and derives its stored columns. Returns the dossier, or the problems (one per column
 * at fault, in column order) when the row is rejected.
 */
export function checkDossier(raw: RawDossier, lookups: DossierLookups): CheckedDossier | RowProblem[] {
  const problems: RowProblem[] = [];
  const code = trimmed(raw[0]!);
  if (code === '') problems.push({ column: 'code', ...dossierText('dossier_code_empty') });
  else if (code.length > MAX_CODE_LENGTH) problems.push({ column: 'code', ...tooLong('dossier_code_too_long', code, MAX_CODE_LENGTH) });
  else if (HAS_CONTROL.test(code)) problems.push({ column: 'code', ...dossierText('dossier_code_control') });

  const unitCode = trimmed(raw[1]!);
  const unitTooLong = unitCode.length > DOSSIER_TEXT_LIMITS.unit_code;
  const unitId = unitCode === '' || unitTooLong ? undefined : lookups.unitId(unitCode.toUpperCase());
  if (unitCode === '') problems.push({ column: 'unit_code', ...dossierText('dossier_unit_code_empty') });
  else if (unitTooLong) problems.push({ column: 'unit_code', ...tooLong('dossier_unit_code_too_long', unitCode, DOSSIER_TEXT_LIMITS.unit_code) });
  else if (unitId === undefined) problems.push({ column: 'unit_code', ...dossierText('dossier_unknown_unit', { code: quote(unitCode) }) });

  const procedureCode = trimmed(raw[2]!);
  const procedureTooLong = procedureCode.length > DOSSIER_TEXT_LIMITS.procedure_code;
  const procedure = procedureCode === '' || procedureTooLong ? undefined : lookups.procedure(procedureCode);
  if (procedureCode === '') problems.push({ column: 'procedure_code', ...dossierText('dossier_procedure_code_empty') });
  else if (procedureTooLong)
    problems.push({ column: 'procedure_code', ...tooLong('dossier_procedure_code_too_long', procedureCode, DOSSIER_TEXT_LIMITS.procedure_code) });
  else if (!procedure) problems.push({ column: 'procedure_code', ...dossierText('dossier_unknown_procedure', { code: quote(procedureCode) }) });

  let field = trimmed(raw[3]!);
  if (field === '' && procedure) field = procedure.field;
  if (field.length > MAX_FIELD_LENGTH) problems.push({ column: 'field', ...tooLong('dossier_field_too_long', field, MAX_FIELD_LENGTH) });

  const channel = choice(trimmed(raw[4]!), 'channel', DOSSIER_TEXT_LIMITS.channel, channelOf, problems);

  const receivedMs = instant(trimmed(raw[5]!), 'received_at', true, problems);
  const givenDueMs = instant(trimmed(raw[6]!), 'due_at', false, problems);
  const resolvedMs = instant(trimmed(raw[7]!), 'resolved_at', false, problems);
  const returnedMs = instant(trimmed(raw[8]!), 'returned_at', false, problems);

  const status = choice(trimmed(raw[9]!), 'status', DOSSIER_TEXT_LIMITS.status, statusOf, problems);

  if (lookups.nowMs !== undefined) {
    const now = lookups.nowMs;
    future(problems, now, 'received_at', receivedMs, raw[5]!, 'dossier_received_after_import');
    future(problems, now, 'resolved_at', resolvedMs, raw[7]!, 'dossier_resolved_after_import');
    future(problems, now, 'returned_at', returnedMs, raw[8]!, 'dossier_returned_after_import');
  }

  const receivedDay = typeof receivedMs === 'number' ? localDayNumberOf(receivedMs) : null;
  if (receivedDay !== null && typeof receivedMs === 'number') {
    if (typeof givenDueMs === 'number' && localDayNumberOf(givenDueMs) < receivedDay)
      problems.push({ column: 'due_at', ...dossierText('dossier_due_before_receipt') });
    if (typeof resolvedMs === 'number' && resolvedMs < receivedMs) problems.push({ column: 'resolved_at', ...dossierText('dossier_resolved_before_received') });
  }
  if (typeof returnedMs === 'number') {
    if (resolvedMs === null) problems.push({ column: 'returned_at', ...dossierText('dossier_returned_without_resolved') });
    else if (typeof resolvedMs === 'number' && returnedMs < resolvedMs)
      problems.push({ column: 'returned_at', ...dossierText('dossier_returned_before_resolved') });
  }
  if ((status === 'resolved' || status === 'returned') && resolvedMs === null) {
    problems.push({ column: 'resolved_at', ...dossierText('dossier_status_needs_resolved', { status }) });
  }

  if (problems.length > 0) return problems.sort((a, b) => columnIndex(a.column) - columnIndex(b.column));
  // Everything below is known to be valid.
  const received = receivedMs as number;
  const day = receivedDay as number;
  let dueMs: number;
  let dueDay: number;
  const dueComputed = givenDueMs === null;
  if (givenDueMs === null) {
    dueDay = dueDayOf(lookups.calendar, day, procedure!.internalDays);
    dueMs = dueInstantOfDay(dueDay);
  } else {
    dueMs = givenDueMs as number;
    dueDay = localDayNumberOf(dueMs);
  }
  const resolved = resolvedMs as number | null;
  const resolvedDay = resolved === null ? null : localDayNumberOf(resolved);
  return {
    code,
    unitId: unitId!,
    procedureId: procedure!.id,
    field,
    channel: channel!,
    status: status!,
    receivedMs: received,
    dueMs,
    dueComputed,
    resolvedMs: resolved,
    returnedMs: returnedMs as number | null,
    receivedDay: day,
    dueDay,
    resolvedDay,
    timeliness: resolvedDay === null ? null : classifyTimeliness(dueDay, resolvedDay),
  };
}

type FutureReason = 'dossier_received_after_import' | 'dossier_resolved_after_import' | 'dossier_returned_after_import';

/** A time after the moment of import is refused. A function of its own, not a closure made for every row. */
function future(problems: RowProblem[], now: number, column: DossierColumn, ms: number | null | undefined, raw: string, reason: FutureReason): void {
  if (typeof ms === 'number' && ms > now) problems.push({ column, ...dossierText(reason, { value: quote(trimmed(raw)), importedAt: localWallClock(now) }) });
}

/** 'YYYY-MM-DD HH:MM' in local time (Asia/Ho_Chi_Minh): the moment of import as the refusal names it. */
function localWallClock(ms: number): string {
  return new Date(ms + LOCAL_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The reasons of a cell that names one of a few values: empty, too long, unknown. */
const CHOICE_REASONS = {
  channel: { empty: 'dossier_channel_empty', tooLong: 'dossier_channel_too_long', unknown: 'dossier_unknown_channel' },
  status: { empty: 'dossier_status_empty', tooLong: 'dossier_status_too_long', unknown: 'dossier_unknown_status' },
} as const;

/** A cell that names one of a few values (channel, status): empty, too long and unknown each get their reason. */
function choice<T>(
  text: string,
  column: 'channel' | 'status',
  maxLength: number,
  parse: (text: string) => T | undefined,
  problems: RowProblem[],
): T | undefined {
  const value = text.length > maxLength ? undefined : parse(text);
  if (value === undefined) {
    const reasons = CHOICE_REASONS[column];
    const problem =
      text === ''
        ? dossierText(reasons.empty)
        : text.length > maxLength
          ? tooLong(reasons.tooLong, text, maxLength)
          : dossierText(reasons.unknown, column === 'status' ? { value: quote(text), statuses: DOSSIER_STATUSES.join(', ') } : { value: quote(text) });
    problems.push({ column, ...problem });
  }
  return value;
}

/** An instant cell: null when empty and optional, undefined (with a problem) when wrong. */
function instant(text: string, column: DossierColumn, required: boolean, problems: RowProblem[]): number | null | undefined {
  if (text === '') {
    if (required) problems.push({ column, ...ioText('cell_empty', { column }) });
    return required ? undefined : null;
  }
  if (text.length > DOSSIER_TEXT_LIMITS.instant) {
    problems.push({ column, ...dossierText('dossier_instant_too_long', { column, length: text.length, maximum: DOSSIER_TEXT_LIMITS.instant }) });
    return undefined;
  }
  const ms = parseLocalInstant(text);
  if (ms === null) {
    problems.push({ column, ...dossierText('dossier_not_an_instant', { value: quote(text) }) });
    return undefined;
  }
  return ms;
}

/** trim() without a new string when there is nothing to trim (the usual case). */
function trimmed(text: string): string {
  if (text.length === 0) return text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

function columnIndex(column: DossierColumn | undefined): number {
  return column ? DOSSIER_COLUMNS.indexOf(column) : -1;
}
