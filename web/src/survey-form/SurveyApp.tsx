// The public survey form (survey.html): a unit's counter QR (/s/<slug>), its kiosk tablet (/s/<slug>/kiosk/<key>)
// and a personal single-use link (/s/t/<token>). Mobile first, no login; the server alone judges "once".
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { SurveyQuestion } from '../../../src/domain/surveys';
import { isRatedQuestion } from '../../../src/domain/surveys';
import { loadForm, parseLink, type PublicForm, storageKey, SurveyApiError, type SurveyLink } from './api';
import { initialLang, LANGS, type Lang, localDate, reasonText, saveLang, sectionTitle, type Translate, translator } from './i18n';
import { type Answers, isAnswered, Question, shownQuestions } from './Question';
import { SurveySync, type SyncView } from './sync';

/** A kiosk returns to its start after this long without a touch or a key (a new respondent). */
export const KIOSK_IDLE_MS = 30_000;
/** How long the kiosk shows its thanks before the next respondent's form. */
const KIOSK_THANKS_MS = 8_000;

type Load = { kind: 'loading' } | { kind: 'ready'; form: PublicForm } | { kind: 'failed'; error: SurveyApiError };

export function SurveyApp() {
  const link = useMemo(() => parseLink(window.location.pathname), []);
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = useMemo(() => translator(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const switchLang = (next: Lang) => {
    setLang(next);
    saveLang(next);
  };
  return (
    <div className={`sf-app${link?.mode === 'kiosk' ? ' sf-kiosk' : ''}`}>
      {link ? (
        <LinkedForm link={link} t={t} lang={lang} onLang={switchLang} />
      ) : (
        <Notice t={t} lang={lang} onLang={switchLang} title={t('notFoundTitle')} body={t('notFoundBody')} />
      )}
    </div>
  );
}

function LangSwitch({ lang, onLang, t }: { lang: Lang; onLang: (l: Lang) => void; t: Translate }) {
  return (
    <div className="sf-lang" role="group" aria-label={t('language')}>
      {LANGS.map((l) => (
        <button key={l} type="button" className={l === lang ? 'sf-on' : ''} aria-pressed={l === lang} onClick={() => onLang(l)} data-testid={`lang-${l}`}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

function Notice({
  t,
  lang,
  onLang,
  title,
  body,
  children,
  testId,
}: {
  t: Translate;
  lang: Lang;
  onLang: (l: Lang) => void;
  title: string;
  body?: string;
  children?: React.ReactNode;
  testId?: string;
}) {
  return (
    <main className="sf-notice" data-testid={testId ?? 'survey-notice'}>
      <LangSwitch lang={lang} onLang={onLang} t={t} />
      <h1>{title}</h1>
      {body && <p>{body}</p>}
      {children}
    </main>
  );
}

function LinkedForm({ link, t, lang, onLang }: { link: SurveyLink; t: Translate; lang: Lang; onLang: (l: Lang) => void }) {
  const sync = useMemo(() => new SurveySync(link, storageKey(link)), [link]);
  useEffect(() => () => sync.dispose(), [sync]);
  const view = useSyncExternalStore(sync.subscribe, sync.getView);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    loadForm(link, sync.key).then(
      (form) => {
        if (cancelled) return;
        sync.resume(form.response);
        if (link.mode === 'kiosk' && form.response?.state === 'submitted') sync.nextRespondent();
        setLoad({ kind: 'ready', form });
      },
      (error: unknown) => {
        if (cancelled) return;
        const apiError = error instanceof SurveyApiError ? error : new SurveyApiError(0, undefined, undefined, String(error));
        setLoad({ kind: 'failed', error: apiError });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [link, sync, attempt]);

  // A form that could not load for want of a network loads again by itself.
  const failedTransient = load.kind === 'failed' && load.error.transient;
  useEffect(() => {
    if (!failedTransient) return;
    const retry = () => setAttempt((a) => a + 1);
    const timer = setTimeout(retry, 5_000);
    window.addEventListener('online', retry);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', retry);
    };
  }, [failedTransient, attempt]);

  if (load.kind === 'loading') return <p className="sf-boot">{t('loading')}</p>;
  if (load.kind === 'failed') {
    const e = load.error;
    if (e.status === 404) return <Notice t={t} lang={lang} onLang={onLang} title={t('notFoundTitle')} body={t('notFoundBody')} />;
    if (e.reason === 'survey_campaign_closed')
      return <Notice t={t} lang={lang} onLang={onLang} title={t('closedTitle')} body={t('closedBody')} testId="survey-closed" />;
    return (
      <Notice
        t={t}
        lang={lang}
        onLang={onLang}
        title={t('loadFailedTitle')}
        body={e.transient ? t('loadFailedBody') : (reasonText(lang, e.reason, e.params) ?? e.message)}
      >
        <button type="button" className="sf-btn" onClick={() => setAttempt((a) => a + 1)}>
          {t('retry')}
        </button>
      </Notice>
    );
  }
  return <FormScreen form={load.form} link={link} sync={sync} view={view} t={t} lang={lang} onLang={onLang} />;
}

interface ScreenProps {
  form: PublicForm;
  link: SurveyLink;
  sync: SurveySync;
  view: SyncView;
  t: Translate;
  lang: Lang;
  onLang: (l: Lang) => void;
}

function FormScreen({ form, link, sync, view, t, lang, onLang }: ScreenProps) {
  const kiosk = link.mode === 'kiosk';
  const [respondent, setRespondent] = useState(0);
  const [thanking, setThanking] = useState(false);
  const current = view.current;

  const nextRespondent = useCallback(() => {
    sync.nextRespondent();
    setThanking(false);
    setRespondent((r) => r + 1);
    window.scrollTo(0, 0);
  }, [sync]);

  // Kiosk: after KIOSK_IDLE_MS without a touch or a key, what was typed is saved (the outbox sends it) and the form
  // starts again for the next respondent.
  const dirtyForm = Object.keys(current.answers).length > 0 || Object.keys(current.ratings).length > 0;
  useEffect(() => {
    if (!kiosk) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (dirtyForm || thanking || current.submit) nextRespondent();
      }, KIOSK_IDLE_MS);
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, arm, { passive: true });
    arm();
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, arm);
    };
  }, [kiosk, dirtyForm, thanking, current.submit, nextRespondent]);

  // Kiosk: the thanks stay a few seconds, then the next respondent's form.
  useEffect(() => {
    if (!kiosk || !thanking) return;
    const timer = setTimeout(nextRespondent, KIOSK_THANKS_MS);
    return () => clearTimeout(timer);
  }, [kiosk, thanking, nextRespondent]);
  // Thanks once the server has the form, or at once when it must wait for the network (it goes from the outbox).
  // (Kept once shown: a retry that moves the status from waiting to saving does not bring the form back.)
  const thank = kiosk && (current.state === 'submitted' || (current.submit && view.status.kind === 'waiting'));
  if (thank && !thanking) setThanking(true);

  if (current.state === 'submitted' && !kiosk) {
    return <Notice t={t} lang={lang} onLang={onLang} title={t('thanksTitle')} body={t('thanksBody')} testId="survey-thanks" />;
  }
  if (kiosk && thanking) {
    return (
      <Notice
        t={t}
        lang={lang}
        onLang={onLang}
        title={current.state === 'submitted' ? t('thanksTitle') : t('submitQueued')}
        body={t('kioskReturning')}
        testId="survey-thanks"
      >
        <button type="button" className="sf-btn sf-primary" onClick={nextRespondent} data-testid="kiosk-next">
          {t('kioskNext')}
        </button>
      </Notice>
    );
  }
  if (form.campaign.state === 'closed' || view.status.kind === 'closed') {
    return <Notice t={t} lang={lang} onLang={onLang} title={t('closedTitle')} body={t('closedBody')} testId="survey-closed" />;
  }
  if (form.campaign.state === 'scheduled') {
    return <Notice t={t} lang={lang} onLang={onLang} title={t('scheduledTitle')} body={t('scheduledBody')} testId="survey-scheduled" />;
  }
  return <Form key={respondent} form={form} kiosk={kiosk} sync={sync} view={view} t={t} lang={lang} onLang={onLang} />;
}

interface Section {
  name: string;
  questions: SurveyQuestion[];
}

function bySection(questions: SurveyQuestion[]): Section[] {
  const sections: Section[] = [];
  for (const q of questions) {
    const last = sections[sections.length - 1];
    if (last && last.name === q.section) last.questions.push(q);
    else sections.push({ name: q.section, questions: [q] });
  }
  return sections;
}

function Form({ form, kiosk, sync, view, t, lang, onLang }: Omit<ScreenProps, 'link'> & { kiosk: boolean }) {
  const current = view.current;
  const officials = form.ratedUnits.length > 0;
  const ownQuestions = useMemo(() => (officials ? form.questions.filter((q) => !isRatedQuestion(q)) : form.questions), [form.questions, officials]);
  const ratedQuestions = useMemo(() => (officials ? form.questions.filter(isRatedQuestion) : []), [form.questions, officials]);
  const [showMissing, setShowMissing] = useState(false);
  const locked = current.submit;

  const shown = shownQuestions(ownQuestions, current.answers);
  const shownRated = form.ratedUnits.map((u) => ({ unit: u, questions: shownQuestions(ratedQuestions, current.ratings[u.code] ?? {}) }));
  const total = shown.length + shownRated.reduce((n, r) => n + r.questions.length, 0);
  const answered =
    shown.filter((q) => isAnswered(current.answers[q.code])).length +
    shownRated.reduce((n, r) => n + r.questions.filter((q) => isAnswered(current.ratings[r.unit.code]?.[q.code])).length, 0);
  const missing = [
    ...shown.filter((q) => q.required && !isAnswered(current.answers[q.code])).map((q) => ({ scope: '', code: q.code })),
    ...shownRated.flatMap((r) =>
      r.questions.filter((q) => q.required && !isAnswered(current.ratings[r.unit.code]?.[q.code])).map((q) => ({ scope: r.unit.code, code: q.code })),
    ),
  ];
  const missingSet = new Set(missing.map((m) => `${m.scope}/${m.code}`));
  const [unitIndex, setUnitIndex] = useState(0);

  const goToMissing = () => {
    const first = missing[0];
    if (!first) return;
    if (first.scope) setUnitIndex(form.ratedUnits.findIndex((u) => u.code === first.scope));
    requestAnimationFrame(() => {
      const el = document.querySelector(`[data-scope="${CSS.escape(first.scope)}"][data-question="${CSS.escape(first.code)}"]`);
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el?.querySelector<HTMLElement>('input, button, textarea, select')?.focus({ preventScroll: true });
    });
  };

  const submit = () => {
    if (missing.length > 0) {
      setShowMissing(true);
      goToMissing();
      return;
    }
    sync.submit();
  };

  let number = 0;
  return (
    <main className="sf-form" data-testid="survey-form">
      <header className="sf-head">
        <div className="sf-head-row">
          <h1>{form.campaign.name}</h1>
          <LangSwitch lang={lang} onLang={onLang} t={t} />
        </div>
        {form.unit && <div className="sf-unit">{t('unitLabel', { unit: form.unit.name })}</div>}
        <div className="sf-meta">
          {t('closesOn', { date: localDate(form.campaign.closesOn) })}
          {kiosk && <FullscreenButton t={t} />}
        </div>
      </header>
      <div className="sf-progress" aria-live="polite">
        <div className="sf-bar">
          <div className="sf-bar-fill" style={{ width: `${total ? Math.round((answered / total) * 100) : 0}%` }} />
        </div>
        <div className="sf-progress-row">
          <span data-testid="survey-progress">{t('progress', { answered, total })}</span>
          <SaveState view={view} t={t} onRetry={sync.kick} />
        </div>
      </div>
      <p className="sf-intro">{kiosk ? t('requiredNote') : `${t('intro')} ${t('requiredNote')}`}</p>
      {bySection(shown).map((section, i) => (
        <section key={`${section.name}-${i}`} className="sf-section">
          <h2>{sectionTitle(t, section.name)}</h2>
          {section.questions.map((q) => (
            <Question
              key={q.code}
              question={q}
              scope=""
              number={++number}
              value={current.answers[q.code]}
              onChange={(v) => sync.setAnswer(q.code, null, v)}
              t={t}
              missing={showMissing && missingSet.has(`/${q.code}`)}
              disabled={locked}
            />
          ))}
        </section>
      ))}
      {officials && (
        <Ratings
          form={form}
          rated={shownRated}
          ratings={current.ratings}
          onChange={(unit, q, v) => sync.setAnswer(q, unit, v)}
          t={t}
          unitIndex={unitIndex}
          setUnitIndex={setUnitIndex}
          missing={showMissing ? missingSet : new Set()}
          disabled={locked}
        />
      )}
      <div className="sf-submit">
        {showMissing && missing.length > 0 && (
          <p className="sf-warn" role="alert" data-testid="survey-missing">
            {t('missing', { count: missing.length })}{' '}
            <button type="button" className="sf-link" onClick={goToMissing}>
              {t('goToQuestion')}
            </button>
          </p>
        )}
        {view.status.kind === 'refused' && <Refusal error={view.status.error} lang={lang} t={t} />}
        {current.submit ? (
          <p className="sf-queued" role="status" data-testid="survey-submit-queued">
            {view.status.kind === 'saving' ? t('submitting') : t('submitQueued')}
          </p>
        ) : (
          <button type="button" className="sf-btn sf-primary sf-wide" onClick={submit} data-testid="survey-submit">
            {t('submit')}
          </button>
        )}
      </div>
    </main>
  );
}

function Refusal({ error, lang, t }: { error: SurveyApiError; lang: Lang; t: Translate }) {
  const lines =
    error.issues.length > 0
      ? error.issues.map((i) => reasonText(lang, i.reason, i.params) ?? i.message)
      : [reasonText(lang, error.reason, error.params) ?? error.message];
  return (
    <div className="sf-warn" role="alert" data-testid="survey-refused">
      {lines.map((line, i) => (
        <div key={i}>{t('serverRefused', { message: line })}</div>
      ))}
    </div>
  );
}

/** Saved, saving, or the visible queue of answers waiting for the network. */
function SaveState({ view, t, onRetry }: { view: SyncView; t: Translate; onRetry: () => void }) {
  const { status, pending } = view;
  if (status.kind === 'waiting' || status.kind === 'rate_limited') {
    return (
      <span className="sf-queue" role="status" data-testid="survey-queue">
        {status.kind === 'rate_limited' ? t('rateLimited', { seconds: status.seconds }) : pending > 0 ? t('pending', { count: pending }) : t('offlineNote')}{' '}
        <button type="button" className="sf-link" onClick={onRetry}>
          {t('sendNow')}
        </button>
      </span>
    );
  }
  if (pending > 0 || status.kind === 'saving') return <span className="sf-saving">{t('saving')}</span>;
  if (status.kind === 'refused') return null;
  return (
    <span className="sf-saved" data-testid="survey-saved">
      {t('saved')} ✓
    </span>
  );
}

/** Kiosk: the tablet's browser chrome out of the way (a tap is needed: browsers refuse fullscreen without one). */
function FullscreenButton({ t }: { t: Translate }) {
  if (!document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      className="sf-link"
      onClick={() => void (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined)}
    >
      {t('fullscreen')}
    </button>
  );
}

function useWide(): boolean {
  const query = '(min-width: 760px)';
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
  );
}

interface RatingsProps {
  form: PublicForm;
  rated: { unit: { code: string; name: string }; questions: SurveyQuestion[] }[];
  ratings: Record<string, Answers>;
  onChange: (unit: string, question: string, value: Answers[string] | null) => void;
  t: Translate;
  unitIndex: number;
  setUnitIndex: (i: number) => void;
  missing: Set<string>;
  disabled: boolean;
}

/** The officials' questions × rated units: a table on a wide screen, one unit at a time on a phone. */
function Ratings({ form, rated, ratings, onChange, t, unitIndex, setUnitIndex, missing, disabled }: RatingsProps) {
  const wide = useWide();
  const top = useRef<HTMLDivElement>(null);
  const go = (i: number) => {
    setUnitIndex(i);
    top.current?.scrollIntoView({ block: 'start' });
  };
  if (wide) {
    const questions = form.questions.filter(isRatedQuestion);
    return (
      <section className="sf-section" data-testid="survey-matrix">
        <h2>{t('ratedUnits')}</h2>
        <div className="sf-matrix-wrap">
          <table className="sf-matrix">
            <thead>
              <tr>
                <th>{t('question')}</th>
                {form.ratedUnits.map((u) => (
                  <th key={u.code}>{u.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {questions.map((q) => (
                <tr key={q.code}>
                  <th scope="row">
                    {q.text}
                    {q.required && <span className="sf-req"> *</span>}
                  </th>
                  {rated.map((r) => {
                    const visible = r.questions.some((x) => x.code === q.code);
                    return (
                      <td
                        key={r.unit.code}
                        className={missing.has(`${r.unit.code}/${q.code}`) ? 'sf-missing' : ''}
                        data-scope={r.unit.code}
                        data-question={q.code}
                      >
                        {visible && (
                          <Cell
                            q={q}
                            value={ratings[r.unit.code]?.[q.code]}
                            onChange={(v) => onChange(r.unit.code, q.code, v)}
                            t={t}
                            label={`${q.code} — ${r.unit.name}`}
                            disabled={disabled}
                          />
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    );
  }
  const index = Math.min(Math.max(unitIndex, 0), rated.length - 1);
  const here = rated[index]!;
  const pager = (
    <div className="sf-pager">
      <button type="button" className="sf-btn" disabled={index === 0} onClick={() => go(index - 1)} data-testid="unit-prev">
        {t('previousUnit')}
      </button>
      <span>{t('ratedUnitOf', { index: index + 1, count: rated.length })}</span>
      <button type="button" className="sf-btn" disabled={index === rated.length - 1} onClick={() => go(index + 1)} data-testid="unit-next">
        {t('nextUnit')}
      </button>
    </div>
  );
  return (
    <section className="sf-section" data-testid="survey-units">
      <div ref={top} />
      <h2>{t('ratedUnits')}</h2>
      {pager}
      <h3 className="sf-rated-unit" data-testid="rated-unit">
        {t('aboutUnit')}: {here.unit.name}
      </h3>
      {here.questions.map((q, i) => (
        <Fragment key={`${here.unit.code}-${q.code}`}>
          <Question
            question={q}
            scope={here.unit.code}
            number={i + 1}
            value={ratings[here.unit.code]?.[q.code]}
            onChange={(v) => onChange(here.unit.code, q.code, v)}
            t={t}
            missing={missing.has(`${here.unit.code}/${q.code}`)}
            disabled={disabled}
          />
        </Fragment>
      ))}
      {pager}
    </section>
  );
}

/** One cell of the wide matrix: a list for choices and scales, a field for numbers and texts. */
function Cell({
  q,
  value,
  onChange,
  t,
  label,
  disabled,
}: {
  q: SurveyQuestion;
  value: Answers[string] | undefined;
  onChange: (v: Answers[string] | null) => void;
  t: Translate;
  label: string;
  disabled: boolean;
}) {
  if (q.type === 'single' || q.type === 'scale') {
    const options =
      q.type === 'scale'
        ? [1, 2, 3, 4, 5].map((n) => ({
            code: String(n),
            label: `${n} — ${q.options.find((o) => o.code === String(n))?.label ?? t(`scale_${n}` as Parameters<Translate>[0])}`,
          }))
        : q.options;
    return (
      <select
        aria-label={label}
        value={value === undefined ? '' : String(value)}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? null : q.type === 'scale' ? Number(e.target.value) : e.target.value)}
      >
        <option value="">{t('noAnswer')}</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (q.type === 'multi') {
    const list = Array.isArray(value) ? value : [];
    return (
      <div className="sf-cell-multi">
        {q.options.map((o) => (
          <label key={o.code}>
            <input
              type="checkbox"
              checked={list.includes(o.code)}
              disabled={disabled}
              onChange={() => onChange(list.includes(o.code) ? list.filter((c) => c !== o.code) : [...list, o.code])}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
    );
  }
  return (
    <input
      className="sf-input"
      aria-label={label}
      inputMode={q.type === 'number' ? 'decimal' : 'text'}
      value={value === undefined ? '' : String(value)}
      disabled={disabled}
      maxLength={q.type === 'number' ? 20 : 2000}
      onChange={(e) => {
        const text = e.target.value;
        if (text.trim() === '') onChange(null);
        else if (q.type === 'text') onChange(text);
        else if (/^\s*-?\d+([.,]\d+)?\s*$/.test(text)) onChange(Number(text.trim().replace(',', '.')));
      }}
    />
  );
}
