// One question of the public form: five big buttons for a 1–5 scale, radio or check lists, a number, a text. Every
// text (question, option, answer) is rendered as text by React, never as HTML.
import { useId, useState } from 'react';
import { isShown, TEXT_ANSWER_MAX, type AnswerValue, type SurveyQuestion } from '../../../src/domain/surveys';
import type { Translate } from './i18n';

export type Answers = Record<string, AnswerValue>;

/** The questions shown for these answers, in order: a question whose condition depends on a hidden one is hidden too. */
export function shownQuestions(questions: readonly SurveyQuestion[], answers: Answers): SurveyQuestion[] {
  const kept: Answers = {};
  const shown: SurveyQuestion[] = [];
  for (const q of questions) {
    if (!isShown(q, kept)) continue;
    shown.push(q);
    const value = answers[q.code];
    if (value !== undefined) kept[q.code] = value;
  }
  return shown;
}

export const isAnswered = (value: AnswerValue | undefined) =>
  value !== undefined && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);

/** The label of scale value `n`: the template's own, else the usual satisfaction words. */
function scaleLabel(q: SurveyQuestion, n: number, t: Translate): string {
  return q.options.find((o) => o.code === String(n))?.label ?? t(`scale_${n}` as Parameters<Translate>[0]);
}

interface Props {
  question: SurveyQuestion;
  /** Distinguishes the same question about different rated units. */
  scope: string;
  value: AnswerValue | undefined;
  onChange: (value: AnswerValue | null) => void;
  t: Translate;
  missing: boolean;
  disabled: boolean;
  /** The question's number as shown (questions hidden by a condition are not counted). */
  number?: number;
}

export function Question({ question: q, scope, value, onChange, t, missing, disabled, number }: Props) {
  const id = useId();
  const titleId = `${id}-title`;
  return (
    <div
      className={`sf-question${missing ? ' sf-missing' : ''}`}
      data-question={q.code}
      data-scope={scope}
      data-testid={`q-${scope ? `${scope}-` : ''}${q.code}`}
      role="group"
      aria-labelledby={titleId}
    >
      <div className="sf-qtext" id={titleId}>
        {number !== undefined && <span className="sf-qnum">{number}. </span>}
        {q.text}
        {q.required && (
          <span className="sf-req" title={t('required')}>
            {' '}
            *<span className="sf-sr"> ({t('required')})</span>
          </span>
        )}
      </div>
      {q.type === 'scale' && <Scale q={q} value={value} onChange={onChange} t={t} disabled={disabled} />}
      {q.type === 'single' && (
        <div className="sf-choices" role="radiogroup" aria-labelledby={titleId}>
          {q.options.map((o) => (
            <label key={o.code} className={`sf-choice${value === o.code ? ' sf-on' : ''}`}>
              <input type="radio" name={`${id}-r`} value={o.code} checked={value === o.code} disabled={disabled} onChange={() => onChange(o.code)} />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      )}
      {q.type === 'multi' && (
        <div className="sf-choices">
          <div className="sf-hint">{t('chooseMany')}</div>
          {q.options.map((o) => {
            const list = Array.isArray(value) ? value : [];
            const on = list.includes(o.code);
            return (
              <label key={o.code} className={`sf-choice${on ? ' sf-on' : ''}`}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={disabled}
                  onChange={() =>
                    onChange(on ? list.filter((c) => c !== o.code) : [...q.options.map((x) => x.code).filter((c) => c === o.code || list.includes(c))])
                  }
                />
                <span>{o.label}</span>
              </label>
            );
          })}
        </div>
      )}
      {q.type === 'number' && <NumberAnswer value={value} onChange={onChange} t={t} disabled={disabled} labelledBy={titleId} />}
      {q.type === 'text' && <TextAnswer value={value} onChange={onChange} t={t} disabled={disabled} labelledBy={titleId} />}
    </div>
  );
}

function Scale({
  q,
  value,
  onChange,
  t,
  disabled,
}: {
  q: SurveyQuestion;
  value: AnswerValue | undefined;
  onChange: (v: number) => void;
  t: Translate;
  disabled: boolean;
}) {
  return (
    <div className="sf-scale" role="radiogroup">
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
          className={`sf-scale-btn sf-s${n}${value === n ? ' sf-on' : ''}`}
          disabled={disabled}
          onClick={() => onChange(n)}
        >
          <span className="sf-scale-n">{n}</span>
          <span className="sf-scale-l">{scaleLabel(q, n, t)}</span>
        </button>
      ))}
    </div>
  );
}

/** A number: what is typed stays as typed; the answer changes only when it reads as a number (or is emptied). */
function NumberAnswer({
  value,
  onChange,
  t,
  disabled,
  labelledBy,
}: {
  value: AnswerValue | undefined;
  onChange: (v: number | null) => void;
  t: Translate;
  disabled: boolean;
  labelledBy: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const valid = /^\s*-?\d+([.,]\d+)?\s*$/.test(text);
  return (
    <input
      className={`sf-input${text.trim() !== '' && !valid ? ' sf-bad' : ''}`}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      aria-labelledby={labelledBy}
      placeholder={t('numberPlaceholder')}
      value={text}
      disabled={disabled}
      maxLength={20}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        if (next.trim() === '') onChange(null);
        else if (/^\s*-?\d+([.,]\d+)?\s*$/.test(next)) onChange(Number(next.trim().replace(',', '.')));
      }}
    />
  );
}

function TextAnswer({
  value,
  onChange,
  t,
  disabled,
  labelledBy,
}: {
  value: AnswerValue | undefined;
  onChange: (v: string | null) => void;
  t: Translate;
  disabled: boolean;
  labelledBy: string;
}) {
  const text = typeof value === 'string' ? value : '';
  const left = TEXT_ANSWER_MAX - text.length;
  return (
    <>
      <textarea
        className="sf-input sf-text"
        rows={3}
        aria-labelledby={labelledBy}
        placeholder={t('textPlaceholder')}
        value={text}
        disabled={disabled}
        maxLength={TEXT_ANSWER_MAX}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      />
      {left < 200 && <div className="sf-hint">{t('charsLeft', { count: left })}</div>}
    </>
  );
}
