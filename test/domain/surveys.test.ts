import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAnswers,
  checkTemplate,
  elementIndex,
  measurePoints,
  measureValue,
  readAnswer,
  sampleSize,
  sipasIndex,
  SurveyTally,
  type SurveyQuestion,
  type SurveyTemplateContent,
  TEXT_ANSWER_MAX,
  unitIndices,
} from '../../src/domain/surveys.js';

/**
 * Domain tests of the surveys (domain.md "Surveys"), every expected value computed by hand in the comments.
 * Indices are integer hundredths of a percent (66.67 % = 6667).
 */

const scale = (code: string, section: string, role: SurveyQuestion['role'] = 'satisfaction', extra: Partial<SurveyQuestion> = {}): SurveyQuestion => ({
  code,
  section,
  text: `Câu ${code}`,
  type: 'scale',
  role,
  required: false,
  options: [],
  ...extra,
});

const single = (code: string, section: string, options: { code: string; weight?: number | null }[], extra: Partial<SurveyQuestion> = {}): SurveyQuestion => ({
  code,
  section,
  text: `Câu ${code}`,
  type: 'single',
  role: 'other',
  required: false,
  options: options.map((o) => ({ label: `Phương án ${o.code}`, ...o })),
  ...extra,
});

/** A small SIPAS form: two satisfaction questions on access, one on procedure, one on result; a judgement, an expectation, a profile. */
const SIPAS: SurveyQuestion[] = [
  single('sex', 'profile', [{ code: 'nam' }, { code: 'nu' }], { role: 'profile' }),
  scale('A1', 'access', 'perception'),
  scale('A2', 'access'),
  scale('A3', 'access'),
  scale('P1', 'procedure'),
  scale('P9', 'procedure', 'expectation'),
  scale('R1', 'result'),
  scale('F1', 'feedback'),
  { code: 'note', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
];

describe('element index and SIPAS index', () => {
  it('an element index is satisfied among answered × 100, half up', () => {
    expect(elementIndex({ satisfied: 3, answered: 4 })).toBe(7500); // 75.00
    expect(elementIndex({ satisfied: 2, answered: 3 })).toBe(6667); // 66.666… → 66.67
    expect(elementIndex({ satisfied: 1, answered: 3 })).toBe(3333); // 33.333… → 33.33
    expect(elementIndex({ satisfied: 1, answered: 8 })).toBe(1250); // 12.50 exactly
    expect(elementIndex({ satisfied: 1, answered: 16 })).toBe(625); // 6.25
    // 1/80 000 = 0.00125 % → 0.125 hundredths → 0 ; 1/8000 = 0.0125 % → 1.25 → 1; 3/1600 = 0.1875 % → 18.75 → 19 (half and above up)
    expect(elementIndex({ satisfied: 3, answered: 1600 })).toBe(19);
    // 1/400 = 0.25 % exactly; 1/2000 = 0.05 %; 1/40 000 = 0.0025 % = 0.25 hundredths → 0; 1/20 000 = 0.5 hundredths → 1 (half up)
    expect(elementIndex({ satisfied: 1, answered: 20_000 })).toBe(1);
    expect(elementIndex({ satisfied: 0, answered: 5 })).toBe(0);
    expect(elementIndex({ satisfied: 0, answered: 0 })).toBeNull();
  });

  it('the SIPAS index is the mean of the exact element indices, rounded once', () => {
    // access 1/1 = 100 %, procedure 2/3 = 66.666… %: exact mean 83.333… → 83.33.
    // Rounding each element first gives (100.00 + 66.67) / 2 = 83.335 → 83.34: the rule says 83.33.
    expect(
      sipasIndex([
        { satisfied: 1, answered: 1 },
        { satisfied: 2, answered: 3 },
      ]),
    ).toBe(8333);
    // 0/1 and 1/6: exact (0 + 16.666…)/2 = 8.333… → 8.33 (rounded first: (0 + 16.67)/2 = 8.335 → 8.34).
    expect(
      sipasIndex([
        { satisfied: 0, answered: 1 },
        { satisfied: 1, answered: 6 },
      ]),
    ).toBe(833);
  });

  it('elements without answers are left out of the mean; none answered → empty', () => {
    // 3/4 = 75, (none), 2/3 = 66.666…, (none), 1/2 = 50 → (75 + 66.666… + 50) / 3 = 63.888… → 63.89
    expect(
      sipasIndex([
        { satisfied: 3, answered: 4 },
        { satisfied: 0, answered: 0 },
        { satisfied: 2, answered: 3 },
        { satisfied: 0, answered: 0 },
        { satisfied: 1, answered: 2 },
      ]),
    ).toBe(6389);
    expect(sipasIndex([{ satisfied: 0, answered: 0 }])).toBeNull();
    expect(sipasIndex([])).toBeNull();
    // Half up at the end: 1/8 = 12.5 and 0/1 = 0 → 6.25 exactly; 1/16 and 0/1 → 3.125 → 3.13
    expect(
      sipasIndex([
        { satisfied: 1, answered: 8 },
        { satisfied: 0, answered: 1 },
      ]),
    ).toBe(625);
    expect(
      sipasIndex([
        { satisfied: 1, answered: 16 },
        { satisfied: 0, answered: 1 },
      ]),
    ).toBe(313);
  });

  it('property: the SIPAS index lies between the smallest and the largest element index and equals a float mean to ±1 hundredth', () => {
    const count = fc
      .integer({ min: 1, max: 500 })
      .chain((answered) => fc.record({ answered: fc.constant(answered), satisfied: fc.integer({ min: 0, max: answered }) }));
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 5 }), (counts) => {
        const sipas = sipasIndex(counts)!;
        const exact = counts.reduce((sum, c) => sum + (c.satisfied / c.answered) * 10_000, 0) / counts.length;
        expect(Math.abs(sipas - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
        const elements = counts.map((c) => elementIndex(c)!);
        expect(sipas).toBeGreaterThanOrEqual(Math.min(...elements) - 1);
        expect(sipas).toBeLessThanOrEqual(Math.max(...elements) + 1);
        // A single element: the SIPAS index is that element's index.
        expect(sipasIndex([counts[0]!])).toBe(elements[0]);
      }),
    );
  });
});

describe('sample size n = N / (1 + N × 0.05²), rounded up', () => {
  it('hand-computed values', () => {
    expect(sampleSize(0)).toBe(0);
    expect(sampleSize(1)).toBe(1); // 1 / 1.0025 = 0.9975… → 1
    expect(sampleSize(400)).toBe(200); // 400 / 2 = 200 exactly
    expect(sampleSize(1000)).toBe(286); // 1000 / 3.5 = 285.71… → 286
    expect(sampleSize(1_000_000)).toBe(400); // 10⁶ / 2501 = 399.84… → 400
    expect(sampleSize(100)).toBe(80); // 100 / 1.25 = 80 exactly
  });
  it('refuses what is not a count', () => {
    expect(() => sampleSize(-1)).toThrow(RangeError);
    expect(() => sampleSize(1.5)).toThrow(RangeError);
  });
  it('property: never more than N, never more than 400, and growing with N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (n) => {
        const size = sampleSize(n);
        expect(size).toBeLessThanOrEqual(Math.min(n, 400));
        expect(size).toBeGreaterThanOrEqual(1);
        expect(sampleSize(n + 1)).toBeGreaterThanOrEqual(size);
      }),
    );
  });
});

describe('readAnswer', () => {
  const choice = single('channel', 'profile', [{ code: 'truc_tiep' }, { code: 'buu_chinh' }, { code: 'truc_tuyen' }]);
  const multi: SurveyQuestion = { ...choice, code: 'ways', type: 'multi' };

  it('reads an option by its code (any case) and by its number', () => {
    expect(readAnswer(choice, 'buu_chinh')).toEqual({ value: 'buu_chinh' });
    expect(readAnswer(choice, 'TRUC_TUYEN')).toEqual({ value: 'truc_tuyen' });
    expect(readAnswer(choice, '1')).toEqual({ value: 'truc_tiep' });
    expect(readAnswer(choice, 3)).toEqual({ value: 'truc_tuyen' });
    expect(readAnswer(choice, 4)).toEqual({ issue: { field: 'channel', reason: 'survey_option_unknown', params: { question: 'channel', value: '4' } } });
    expect(readAnswer(choice, 'khac')).toMatchObject({ issue: { reason: 'survey_option_unknown' } });
  });

  it('reads a multi-choice from codes separated by ";" or a list, without repeats', () => {
    expect(readAnswer(multi, 'truc_tiep; 3')).toEqual({ value: ['truc_tiep', 'truc_tuyen'] });
    expect(readAnswer(multi, ['2', 'buu_chinh'])).toEqual({ value: ['buu_chinh'] });
    expect(readAnswer(multi, '1;x')).toEqual({ issue: { field: 'ways', reason: 'survey_option_unknown', params: { question: 'ways', value: 'x' } } });
  });

  it('refuses a scale value outside 1–5 and takes 1 to 5', () => {
    const q = scale('A2', 'access');
    expect(readAnswer(q, 5)).toEqual({ value: 5 });
    expect(readAnswer(q, ' 1 ')).toEqual({ value: 1 });
    for (const bad of [0, 6, 3.5, '7', 'năm', -1]) {
      expect(readAnswer(q, bad)).toMatchObject({ issue: { field: 'A2', reason: 'survey_scale_out_of_range', params: { question: 'A2' } } });
    }
  });

  it('reads numbers with a decimal comma and refuses text for a number', () => {
    const q: SurveyQuestion = { ...scale('age', 'profile', 'profile'), type: 'number' };
    expect(readAnswer(q, '2,5')).toEqual({ value: 2.5 });
    expect(readAnswer(q, 42)).toEqual({ value: 42 });
    expect(readAnswer(q, 'bốn')).toMatchObject({ issue: { reason: 'survey_number_invalid' } });
  });

  it('keeps free text as given (trimmed) up to the limit and refuses longer text', () => {
    const q: SurveyQuestion = { code: 'note', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] };
    expect(readAnswer(q, ' <script>alert(1)</script> ')).toEqual({ value: '<script>alert(1)</script>' });
    expect(readAnswer(q, 'x'.repeat(TEXT_ANSWER_MAX))).toEqual({ value: 'x'.repeat(TEXT_ANSWER_MAX) });
    expect(readAnswer(q, 'x'.repeat(TEXT_ANSWER_MAX + 1))).toEqual({
      issue: { field: 'note', reason: 'survey_text_too_long', params: { question: 'note', maximum: TEXT_ANSWER_MAX } },
    });
    expect(readAnswer(q, 12)).toMatchObject({ issue: { reason: 'survey_text_invalid' } });
  });
});

describe('checkAnswers', () => {
  const used = single('used', 'profile', [{ code: 'co' }, { code: 'khong' }], { required: true });
  const how = scale('how', 'access', 'satisfaction', { required: true, showIf: { question: 'used', anyOf: ['co'] } });
  const why = {
    code: 'why',
    section: 'other',
    text: 'Vì sao',
    type: 'text' as const,
    role: 'other' as const,
    required: false,
    options: [],
    showIf: { question: 'used', anyOf: ['khong'] },
  };
  const ways: SurveyQuestion = { ...single('ways', 'profile', [{ code: 'a' }, { code: 'b' }]), type: 'multi', required: true };
  const questions = [used, how, why, ways];

  it('keeps shown answers, drops answers to hidden questions, requires only shown questions', () => {
    // used = co → "how" shown (answered), "why" hidden: its answer is dropped without an issue.
    expect(checkAnswers(questions, { used: 'co', how: '4', why: 'ẩn', ways: 'a;b' }, { complete: true })).toEqual({
      answers: { used: 'co', how: 4, ways: ['a', 'b'] },
      issues: [],
    });
    // used = khong → "how" hidden: required but not shown, so not asked for.
    expect(checkAnswers(questions, { used: '2', why: 'xa quá', ways: ['b'] }, { complete: true })).toEqual({
      answers: { used: 'khong', why: 'xa quá', ways: ['b'] },
      issues: [],
    });
    // used = co and "how" missing: required and shown.
    expect(checkAnswers(questions, { used: 'co', ways: 'a' }, { complete: true }).issues).toEqual([
      { field: 'how', reason: 'survey_answer_required', params: { question: 'how' } },
    ]);
  });

  it('an empty cell is no answer; a draft (not complete) asks for nothing', () => {
    expect(checkAnswers(questions, { used: '', how: null, ways: [] }, { complete: false })).toEqual({ answers: {}, issues: [] });
    expect(checkAnswers(questions, { used: ' ' }, { complete: true }).issues.map((i) => i.field)).toEqual(['used', 'ways']);
  });

  it('a required multi-choice given only separators is unanswered', () => {
    expect(checkAnswers(questions, { used: 'khong', ways: ' ; ' }, { complete: true })).toEqual({
      answers: { used: 'khong' },
      issues: [{ field: 'ways', reason: 'survey_answer_required', params: { question: 'ways' } }],
    });
  });

  it('names unknown questions and bad values', () => {
    const { answers, issues } = checkAnswers(questions, { used: 'co', how: 9, extra: 1, ways: 'c' }, { complete: false });
    expect(answers).toEqual({ used: 'co' });
    expect(issues).toEqual([
      { field: 'extra', reason: 'survey_question_unknown', params: { question: 'extra' } },
      { field: 'how', reason: 'survey_scale_out_of_range', params: { question: 'how', value: '9' } },
      { field: 'ways', reason: 'survey_option_unknown', params: { question: 'ways', value: 'c' } },
    ]);
  });
});

describe('checkTemplate', () => {
  const template = (questions: SurveyQuestion[], kind: SurveyTemplateContent['kind'] = 'sipas'): SurveyTemplateContent => ({
    code: 'SIPAS-2025',
    name: 'SIPAS',
    kind,
    questions,
  });

  it('accepts a well-formed SIPAS template', () => {
    expect(checkTemplate(template(SIPAS))).toEqual([]);
  });

  it('names each problem where it is', () => {
    const issues = checkTemplate(
      template([
        scale('A1', 'access'),
        scale('A1', 'access'),
        scale('X1', 'khac'),
        { ...scale('T1', 'access'), type: 'number' },
        single('c', 'profile', [], { role: 'profile' }),
        single('d', 'profile', [{ code: 'a', weight: 120 }, { code: 'a' }], { role: 'profile' }),
        { ...scale('S1', 'access', 'perception'), options: [{ code: '6', label: 'sáu' }] },
        { ...single('e', 'profile', [{ code: 'a' }], { role: 'profile' }), showIf: { question: 'zz', anyOf: ['a'] } },
        { ...single('f', 'profile', [{ code: 'a' }], { role: 'profile' }), showIf: { question: 'd', anyOf: ['b'] } },
        { ...scale('g', 'access', 'perception'), showIf: { question: 'A1', anyOf: ['5'] } },
        { code: 'h', section: 'o', text: 'h', type: 'text', role: 'other', required: false, options: [{ code: 'a', label: 'a' }] },
        { ...single('i', 'profile', [{ code: 'a' }], { role: 'profile' }), showIf: { question: 'h', anyOf: ['a'] } },
        single('bad code!', 'profile', [{ code: 'a' }], { role: 'profile' }),
      ]),
    );
    expect(issues).toEqual([
      { field: 'questions.1.code', reason: 'survey_question_twice', params: { question: 'A1' } },
      { field: 'questions.2.section', reason: 'survey_sipas_section_unknown', params: { question: 'X1', section: 'khac' } },
      { field: 'questions.3.type', reason: 'survey_sipas_question_not_scale', params: { question: 'T1' } },
      { field: 'questions.4.options', reason: 'survey_question_no_options', params: { question: 'c' } },
      { field: 'questions.5.options.0.weight', reason: 'survey_weight_invalid', params: { question: 'd', option: 'a' } },
      { field: 'questions.5.options.1.code', reason: 'survey_option_twice', params: { question: 'd', option: 'a' } },
      { field: 'questions.6.options.0.code', reason: 'survey_scale_option_invalid', params: { question: 'S1', option: '6' } },
      { field: 'questions.7.showIf', reason: 'survey_show_if_unknown', params: { question: 'e', depends: 'zz' } },
      { field: 'questions.8.showIf', reason: 'survey_show_if_option_unknown', params: { question: 'f', option: 'b' } },
      { field: 'questions.10.options', reason: 'survey_question_options_unused', params: { question: 'h', type: 'text' } },
      { field: 'questions.11.showIf', reason: 'survey_show_if_not_choice', params: { question: 'i', depends: 'h' } },
      { field: 'questions.12.code', reason: 'survey_code_invalid', params: { value: 'bad code!' } },
    ]);
  });

  it('a template needs questions and a valid code; officials templates may use any section', () => {
    expect(checkTemplate({ code: '-x', name: 'x', kind: 'custom', questions: [] })).toEqual([
      { field: 'code', reason: 'survey_code_invalid', params: { value: '-x' } },
      { field: 'questions', reason: 'survey_template_no_questions' },
    ]);
    expect(
      checkTemplate(
        template(
          [
            single('q1', 'cai_cach_thu_tuc', [
              { code: 'A', weight: 100 },
              { code: 'B', weight: 60 },
            ]),
          ],
          'officials',
        ),
      ),
    ).toEqual([]);
  });
});

describe('SurveyTally and unit indices', () => {
  it('counts satisfaction answers per element and unit, ignoring perception, expectation, profile and unanswered questions', () => {
    const tally = new SurveyTally('sipas', SIPAS);
    tally.unit('X2'); // a unit of the campaign without responses
    // SNV, three responses:
    //  r1: A1 perception 1 (ignored), A2 5 ✓, A3 3 ✗, P1 4 ✓, P9 expectation 1 (ignored), R1 2 ✗, sex nam
    //  r2: A2 4 ✓, A3 (unanswered), P1 1 ✗, R1 5 ✓, sex nu
    //  r3: A2 2 ✗, A3 5 ✓, P1 5 ✓, note text, sex nam
    // access: 3 of 5 = 60.00; procedure 2 of 3 = 66.666… → 66.67; civil_servant none; result 1 of 2 = 50.00; feedback none
    // SIPAS = (60 + 66.666… + 50) / 3 = 58.888… → 58.89
    tally.add({ unitCode: 'SNV', answers: { sex: 'nam', A1: 1, A2: 5, A3: 3, P1: 4, P9: 1, R1: 2 } });
    tally.add({ unitCode: 'SNV', answers: { sex: 'nu', A2: 4, P1: 1, R1: 5 } });
    tally.add({ unitCode: 'SNV', answers: { sex: 'nam', A2: 2, A3: 5, P1: 5, note: '<b>chậm</b>' } });
    // X1, one response: access 0 of 1 → 0.00; SIPAS 0.00
    tally.add({ unitCode: 'X1', answers: { A2: 3 } });
    // A response without a unit is not counted anywhere.
    tally.add({ unitCode: null, answers: { A2: 5 } });

    const units = tally.result();
    expect([...units.keys()].sort()).toEqual(['SNV', 'X1', 'X2']);
    const snv = units.get('SNV')!;
    expect(snv.responses).toBe(3);
    expect(snv.elements).toEqual({
      access: { satisfied: 3, answered: 5 },
      procedure: { satisfied: 2, answered: 3 },
      civil_servant: { satisfied: 0, answered: 0 },
      result: { satisfied: 1, answered: 2 },
      feedback: { satisfied: 0, answered: 0 },
    });
    expect(unitIndices(snv)).toEqual({ elements: { access: 6000, procedure: 6667, civil_servant: null, result: 5000, feedback: null }, sipas: 5889 });
    expect(unitIndices(units.get('X1')!)).toEqual({ elements: { access: 0, procedure: null, civil_servant: null, result: null, feedback: null }, sipas: 0 });
    expect(units.get('X2')!.responses).toBe(0);
    expect(unitIndices(units.get('X2')!)).toEqual({
      elements: { access: null, procedure: null, civil_servant: null, result: null, feedback: null },
      sipas: null,
    });

    // Distributions: A2 answered 3 times (5, 4, 2), sum 11; A1 counted as a question even though not in the index.
    expect(snv.questions.A2).toEqual({ answered: 3, counts: { '5': 1, '4': 1, '2': 1 }, sum: 11, weightSum: 0, weighted: 0 });
    expect(snv.questions.A1).toMatchObject({ answered: 1, counts: { '1': 1 } });
    expect(snv.questions.note).toEqual({ answered: 1, counts: {}, sum: 0, weightSum: 0, weighted: 0 });
    expect(snv.questions.sex!.counts).toEqual({ nam: 2, nu: 1 });

    // By profile: men r1 + r3: access 2 of 4 (5✓ 3✗ 2✗ 5✓) = 50, procedure 2 of 2 = 100, result 0 of 1 = 0 → SIPAS 50.00
    //             women r2: access 1 of 1 = 100, procedure 0 of 1 = 0, result 1 of 1 = 100 → 66.67
    const men = snv.profiles.sex!.nam!;
    expect(men.responses).toBe(2);
    expect(unitIndices({ ...snv, elements: men.elements }).elements).toMatchObject({ access: 5000, procedure: 10000, result: 0 });
    expect(unitIndices({ ...snv, elements: men.elements }).sipas).toBe(5000);
    expect(unitIndices({ ...snv, elements: snv.profiles.sex!.nu!.elements }).sipas).toBe(6667);

    expect(measureValue({ kind: 'sipas' }, snv, SIPAS)).toBe(5889);
    expect(measureValue({ kind: 'element', element: 'procedure' }, snv, SIPAS)).toBe(6667);
    expect(measureValue({ kind: 'question', question: 'A2' }, snv, SIPAS)).toBe(367); // 11 / 3 = 3.666… → 3.67
    expect(measureValue({ kind: 'sipas' }, units.get('X2'), SIPAS)).toBeNull();
  });

  it('officials: each rated unit gets the mean weight per area; options without a weight are not counted', () => {
    const questions: SurveyQuestion[] = [
      single('group', 'profile', [{ code: 'hdnd' }, { code: 'so' }], { role: 'profile' }),
      single('q1', 'thu_tuc', [{ code: 'A', weight: 100 }, { code: 'B', weight: 60 }, { code: 'C', weight: 20 }, { code: 'D', weight: 0 }, { code: 'K' }]),
      single('q2', 'thu_tuc', [{ code: 'A', weight: 100 }, { code: 'B', weight: 60 }, { code: 'C', weight: 20 }, { code: 'D', weight: 0 }, { code: 'K' }]),
      single('q3', 'cong_vu', [{ code: 'A', weight: 100 }, { code: 'B', weight: 60 }, { code: 'C', weight: 20 }, { code: 'D', weight: 0 }, { code: 'K' }]),
    ];
    const tally = new SurveyTally('officials', questions);
    // Respondent 1 rates SNV (q1 A, q2 B, q3 K) and SCT (q1 C, q3 D).
    tally.add({ unitCode: null, answers: { group: 'hdnd' }, ratings: { SNV: { q1: 'A', q2: 'B', q3: 'K' }, SCT: { q1: 'C', q3: 'D' } } });
    // Respondent 2 rates SNV (q1 B, q2 B, q3 A).
    tally.add({ unitCode: null, answers: { group: 'so' }, ratings: { SNV: { q1: 'B', q2: 'B', q3: 'A' } } });
    const snv = tally.result().get('SNV')!;
    const sct = tally.result().get('SCT')!;
    // SNV thu_tuc: 100, 60, 60, 60 → 280 / 4 = 70.00; cong_vu: K not counted, 100 → 100.00; overall (280 + 100) / 5 = 76.00
    expect(snv.responses).toBe(2);
    expect(snv.areas).toEqual({ thu_tuc: { weightSum: 280, weighted: 4 }, cong_vu: { weightSum: 100, weighted: 1 } });
    expect(measureValue({ kind: 'area', area: 'thu_tuc' }, snv, questions)).toBe(7000);
    expect(measureValue({ kind: 'area', area: 'cong_vu' }, snv, questions)).toBe(10000);
    expect(measureValue({ kind: 'officials' }, snv, questions)).toBe(7600);
    // SCT thu_tuc 20 → 20.00; cong_vu 0 → 0.00; overall (20 + 0)/2 = 10.00
    expect(sct.responses).toBe(1);
    expect(measureValue({ kind: 'area', area: 'thu_tuc' }, sct, questions)).toBe(2000);
    expect(measureValue({ kind: 'area', area: 'cong_vu' }, sct, questions)).toBe(0);
    expect(measureValue({ kind: 'officials' }, sct, questions)).toBe(1000);
    expect(measureValue({ kind: 'area', area: 'khac' }, sct, questions)).toBeNull();
    // The respondent's profile counts with each unit it rated.
    expect(snv.questions.group!.counts).toEqual({ hdnd: 1, so: 1 });
    expect(sct.questions.group!.counts).toEqual({ hdnd: 1 });
    // q1 about SNV: A (100) and B (60): mean weight 80.00
    expect(measureValue({ kind: 'question', question: 'q1' }, snv, questions)).toBe(8000);
  });

  it('a mean weight of 73.333… is 73.33 and of 0.125 is 0.13 (half up)', () => {
    const q = single('q', 'a', [
      { code: 'A', weight: 100 },
      { code: 'B', weight: 60 },
      { code: 'E', weight: 1 },
      { code: 'D', weight: 0 },
    ]);
    const tally = new SurveyTally('officials', [q]);
    tally.add({ unitCode: null, answers: {}, ratings: { U1: { q: 'A' }, U2: { q: 'E' } } });
    tally.add({ unitCode: null, answers: {}, ratings: { U1: { q: 'B' }, U2: { q: 'D' } } });
    tally.add({ unitCode: null, answers: {}, ratings: { U1: { q: 'B' }, U2: { q: 'D' } } });
    for (let i = 0; i < 5; i += 1) tally.add({ unitCode: null, answers: {}, ratings: { U2: { q: 'D' } } });
    // U1: 100 + 60 + 60 = 220 / 3 = 73.333… → 73.33; U2: 1 / 8 = 0.125 → 0.13
    expect(measureValue({ kind: 'area', area: 'a' }, tally.result().get('U1'), [q])).toBe(7333);
    expect(measureValue({ kind: 'area', area: 'a' }, tally.result().get('U2'), [q])).toBe(13);
  });
});

describe('measurePoints', () => {
  it('linear: max × measure / 100, half up; capped at full', () => {
    // 2.00 points × 66.67 % = 1.3334 → 1.33
    expect(measurePoints(6667, { kind: 'linear' }, 200)).toBe(133);
    // 1.00 × 12.50 % = 0.125 → 0.13 (half up)
    expect(measurePoints(1250, { kind: 'linear' }, 100)).toBe(13);
    // 3.00 × 87.50 % = 2.625 → 2.63
    expect(measurePoints(8750, { kind: 'linear' }, 300)).toBe(263);
    // full = 80: 2.00 × 60 / 80 = 1.50; above full → the max
    expect(measurePoints(6000, { kind: 'linear', full: 80 }, 200)).toBe(150);
    expect(measurePoints(9000, { kind: 'linear', full: 80 }, 200)).toBe(200);
    expect(measurePoints(-500, { kind: 'linear' }, 200)).toBe(0);
  });

  it('bands: the points of the highest band reached, at most the max', () => {
    const bands = {
      kind: 'bands' as const,
      bands: [
        { min: 50, points: 0.5 },
        { min: 90, points: 2 },
        { min: 70, points: 1.25 },
      ],
    };
    expect(measurePoints(9000, bands, 200)).toBe(200);
    expect(measurePoints(8999, bands, 200)).toBe(125);
    expect(measurePoints(7000, bands, 200)).toBe(125);
    expect(measurePoints(5000, bands, 200)).toBe(50);
    expect(measurePoints(4999, bands, 200)).toBe(0);
    expect(measurePoints(9500, { kind: 'bands', bands: [{ min: 0, points: 3 }] }, 200)).toBe(200);
  });
});
