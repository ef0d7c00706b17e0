// Save as you go, offline first. Every change is written to localStorage at once (with the response key), then sent
// by a debounced save; a save that finds no network waits in a visible queue and goes by itself on the `online`
// event or on a retry timer with backoff, with no reload. The server keeps the last save number (`seq`), so a late
// older save never overwrites a newer one. A kiosk also keeps an outbox: the drafts and forms of respondents who left
// while the network was down, sent the same way.
import type { AnswerValue } from '../../../src/domain/surveys';
import { type SurveyLink, SurveyApiError, saveResponse, startResponse, submitResponse } from './api';

export type Answers = Record<string, AnswerValue>;
export type Ratings = Record<string, Answers>;

/** One respondent's response as this browser holds it. */
export interface Entry {
  /** The response key (a token link's is the token); null until the first save starts the response. */
  key: string | null;
  answers: Answers;
  ratings: Ratings;
  /** The last save number used. */
  seq: number;
  /** Answers changed and not yet acknowledged: field ("q" or "unit/q") → the seq of its last change. */
  dirty: Record<string, number>;
  /** The respondent pressed "send": sent after the last answers. */
  submit: boolean;
  state: 'draft' | 'submitted';
  /** Started again once after the server forgot the key (no endless loop). */
  restarted?: boolean;
}

interface Stored {
  v: 1;
  current: Entry;
  /** Kiosk: earlier respondents' responses still to send. */
  outbox: Entry[];
}

export const emptyEntry = (key: string | null = null): Entry => ({ key, answers: {}, ratings: {}, seq: 0, dirty: {}, submit: false, state: 'draft' });

export type SyncStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'waiting'; offline: boolean }
  | { kind: 'rate_limited'; seconds: number }
  | { kind: 'refused'; error: SurveyApiError }
  | { kind: 'closed' };

export interface SyncView {
  current: Entry;
  /** Answers waiting to be sent, the kiosk outbox's included. */
  pending: number;
  /** A form waits to be sent. */
  submitQueued: boolean;
  status: SyncStatus;
}

const DEBOUNCE_MS = 500;
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

function read(storageKey: string): Stored | null {
  try {
    const raw = localStorage.getItem(storageKey);
    const parsed = raw ? (JSON.parse(raw) as Stored) : null;
    return parsed && parsed.v === 1 && parsed.current ? { ...parsed, outbox: parsed.outbox ?? [] } : null;
  } catch {
    return null;
  }
}

const isEmpty = (value: AnswerValue | null | undefined) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** Sets or clears one answer (`unit` for an officials' rated unit). */
function put(entry: Entry, field: string, unit: string | null, value: AnswerValue | null): void {
  const target = unit === null ? entry.answers : (entry.ratings[unit] ??= {});
  if (isEmpty(value)) delete target[field];
  else target[field] = value!;
}

const fieldId = (question: string, unit: string | null) => (unit === null ? question : `${unit}/${question}`);

/** The server's copy with this browser's unsent changes laid over it (local changes are newer). */
export function mergeServer(local: Entry, server: { answers: Record<string, unknown>; ratings: Record<string, Record<string, unknown>>; seq: number }): Entry {
  const merged: Entry = {
    ...local,
    answers: { ...(server.answers as Answers) },
    ratings: Object.fromEntries(Object.entries(server.ratings ?? {}).map(([u, a]) => [u, { ...(a as Answers) }])),
    seq: Math.max(local.seq, server.seq),
  };
  for (const id of Object.keys(local.dirty)) {
    const slash = id.indexOf('/');
    const unit = slash < 0 ? null : id.slice(0, slash);
    const question = slash < 0 ? id : id.slice(slash + 1);
    const value = unit === null ? local.answers[question] : local.ratings[unit]?.[question];
    put(merged, question, unit, value ?? null);
  }
  return merged;
}

export class SurveySync {
  private stored: Stored;
  private status: SyncStatus = { kind: 'idle' };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  private again = false;
  private failures = 0;
  private readonly listeners = new Set<() => void>();
  private view: SyncView;
  private sending: Entry | null = null;

  constructor(
    private readonly link: SurveyLink,
    private readonly storageKey: string,
  ) {
    this.stored = read(storageKey) ?? { v: 1, current: emptyEntry(link.mode === 'link' ? link.token : null), outbox: [] };
    this.view = this.makeView();
    window.addEventListener('online', this.onOnline);
  }

  dispose(): void {
    window.removeEventListener('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): SyncView => this.view;

  /** The response key this browser holds (to resume a QR or kiosk draft). */
  get key(): string | null {
    return this.stored.current.key;
  }

  /** After loading the form: take the server's answers, keep the unsent local ones over them. */
  resume(
    server: {
      key?: string;
      state: 'draft' | 'submitted';
      answers: Record<string, unknown>;
      ratings: Record<string, Record<string, unknown>>;
      seq: number;
    } | null,
  ): void {
    const current = this.stored.current;
    if (server === null) {
      // The server has no response for the key this browser held (a new campaign, a purged draft): start afresh with the local answers.
      if (current.key && this.link.mode !== 'link') this.stored.current = { ...current, key: null, dirty: allFields(current), state: 'draft' };
    } else if (server.state === 'submitted') {
      this.stored.current = { ...emptyEntry(server.key ?? current.key), state: 'submitted', answers: server.answers as Answers };
    } else {
      this.stored.current = mergeServer({ ...current, key: server.key ?? current.key }, server);
    }
    this.commit();
    this.kick();
  }

  /** One answer changed: kept at once, sent after a short pause. */
  setAnswer(question: string, unit: string | null, value: AnswerValue | null): void {
    const current = this.stored.current;
    if (current.state === 'submitted' || current.submit) return;
    put(current, question, unit, value);
    if (this.status.kind === 'refused') this.status = { kind: 'idle' };
    current.seq += 1;
    current.dirty[fieldId(question, unit)] = current.seq;
    this.commit();
    this.schedule(DEBOUNCE_MS);
  }

  /** Sends the form (after the last answers); without a network it waits in the queue. */
  submit(): void {
    const current = this.stored.current;
    if (current.state === 'submitted') return;
    current.submit = true;
    if (this.status.kind === 'refused') this.status = { kind: 'idle' };
    this.commit();
    this.kick();
  }

  /** Kiosk: the respondent left (sent, or idle): their response goes to the outbox if anything is unsent; a fresh one starts. */
  nextRespondent(): void {
    const current = this.stored.current;
    if (current.state !== 'submitted' && (Object.keys(current.dirty).length > 0 || current.submit)) this.stored.outbox.push(current);
    this.stored.current = emptyEntry();
    if (this.status.kind === 'refused') this.status = { kind: 'idle' };
    this.commit();
    this.kick();
  }

  /** Try now (the "send now" button, the `online` event). */
  kick = (): void => {
    this.failures = 0;
    this.schedule(0);
  };

  private onOnline = () => this.kick();

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private commit(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.stored));
    } catch {
      // storage full or private mode: the answers still go to the server
    }
    this.view = this.makeView();
    for (const listener of this.listeners) listener();
  }

  private makeView(): SyncView {
    const entries = [...this.stored.outbox, this.stored.current];
    return {
      current: this.stored.current,
      pending: entries.reduce((n, e) => n + Object.keys(e.dirty).length, 0),
      submitQueued: entries.some((e) => e.submit),
      status: this.status,
    };
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    this.commit();
  }

  private hasWork(entry: Entry): boolean {
    return entry.state === 'draft' && (Object.keys(entry.dirty).length > 0 || entry.submit);
  }

  /** Sends what waits: the outbox first (oldest respondents), then the current response. */
  async flush(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    if (this.status.kind === 'refused' || this.status.kind === 'closed') return;
    this.busy = true;
    try {
      for (;;) {
        this.again = false;
        const entry = this.stored.outbox.find((e) => this.hasWork(e)) ?? (this.hasWork(this.stored.current) ? this.stored.current : null);
        if (!entry) break;
        this.setStatus({ kind: 'saving' });
        this.sending = entry;
        await this.send(entry);
        this.stored.outbox = this.stored.outbox.filter((e) => this.hasWork(e));
        this.commit();
      }
      this.failures = 0;
      this.setStatus({ kind: 'idle' });
    } catch (error) {
      this.handle(error);
    } finally {
      this.busy = false;
      this.sending = null;
      if (this.again && this.status.kind === 'idle') this.schedule(0);
    }
  }

  private async send(entry: Entry): Promise<void> {
    if (!entry.key) {
      entry.key = await startResponse(this.link);
      this.commit();
    }
    const seq = (entry.seq += 1);
    const body = { answers: entry.answers, ...(Object.keys(entry.ratings).length > 0 ? { ratings: entry.ratings } : {}), seq };
    this.commit();
    try {
      if (entry.submit) {
        await submitResponse(entry.key, body);
        entry.state = 'submitted';
        entry.submit = false;
        entry.dirty = {};
      } else {
        await saveResponse(entry.key, body);
        for (const [id, changed] of Object.entries(entry.dirty)) if (changed <= seq) delete entry.dirty[id];
      }
    } catch (error) {
      if (error instanceof SurveyApiError && error.status === 409 && error.reason === 'survey_already_submitted') {
        // Sent already (from another tab, or a submit whose answer was lost): the server says so, not an error.
        entry.state = 'submitted';
        entry.submit = false;
        entry.dirty = {};
        return;
      }
      if (error instanceof SurveyApiError && error.status === 404 && this.link.mode !== 'link' && !entry.restarted) {
        // The key is unknown to the server (a purged draft): start a new response with everything this browser holds.
        entry.key = null;
        entry.dirty = allFields(entry);
        entry.restarted = true;
        return;
      }
      throw error;
    } finally {
      this.commit();
    }
  }

  private handle(error: unknown): void {
    const apiError = error instanceof SurveyApiError ? error : new SurveyApiError(0, undefined, undefined, String(error));
    if (apiError.transient) {
      const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
      this.failures += 1;
      this.setStatus({ kind: 'waiting', offline: apiError.status === 0 });
      this.schedule(wait);
    } else if (apiError.status === 429) {
      const seconds = Number(apiError.params?.seconds) > 0 ? Number(apiError.params?.seconds) : 60;
      this.setStatus({ kind: 'rate_limited', seconds });
      this.schedule(seconds * 1000);
    } else if (apiError.status === 409 && apiError.reason === 'survey_campaign_closed') {
      this.setStatus({ kind: 'closed' });
    } else if (this.sending && this.sending !== this.stored.current) {
      // An earlier kiosk respondent's response the server refuses: it cannot be sent; the others go on.
      const refused = this.sending;
      this.stored.outbox = this.stored.outbox.filter((e) => e !== refused);
      this.commit();
      this.schedule(0);
    } else {
      // Refused (e.g. a required question unanswered): the answers stay; the next change or "send" tries again.
      this.stored.current.submit = false;
      this.setStatus({ kind: 'refused', error: apiError });
    }
  }
}

function allFields(entry: Entry): Record<string, number> {
  const dirty: Record<string, number> = {};
  for (const q of Object.keys(entry.answers)) dirty[q] = entry.seq;
  for (const [unit, answers] of Object.entries(entry.ratings)) for (const q of Object.keys(answers)) dirty[`${unit}/${q}`] = entry.seq;
  return dirty;
}
