import { Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReasonText } from '../../components/ErrorAlert';
import { formatDecimal } from '../../format';
import { formulaVariableLabel } from '../../../../src/domain/formula-labels';
import type { CriterionDetail, FormulaInputView as FormulaInput } from './api';

type FormulaDetail = NonNullable<CriterionDetail['formula']>;

/** "onTimeRate = 96,50 % (193/200 hồ sơ giải quyết đúng hạn)", or why the variable has no value. */
function inputLine(input: FormulaInput, lang: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (input.value === null) {
    // surveyIndex's own reasons (a SIPAS campaign of the year) are the survey criteria's strings.
    const missing = input.missing ?? 'no_source';
    const survey = missing === 'no_survey' || missing === 'several_surveys' || missing === 'no_survey_responses';
    return `${input.name}: ${t(survey ? `surveyCriteria.missing.${missing}` : `formulaCriteria.missing.${missing}`)}`;
  }
  const value =
    input.kind === 'percent' ? `${formatDecimal(input.value, lang)} %` : input.kind === 'points' ? formatDecimal(input.value, lang) : String(input.value);
  const b = input.basis;
  const basis =
    input.name === 'onTimeRate'
      ? t('formulaCriteria.basis.onTimeRate', { part: b.earlyOrOnTime, whole: b.resolved })
      : input.name === 'onlineShare'
        ? t('formulaCriteria.basis.onlineShare', { part: b.online, whole: b.received })
        : input.name === 'fullyOnlineProcedureShare'
          ? t('formulaCriteria.basis.fullyOnlineProcedureShare', { part: b.full, whole: b.published })
          : input.name === 'lateWithoutLetter'
            ? t('formulaCriteria.basis.lateWithoutLetter', { part: b.withoutLetter, whole: b.late })
            : input.name === 'maxPoints'
              ? t('formulaCriteria.basis.maxPoints')
              : input.name === 'surveyIndex'
                ? t('surveyCriteria.responses', { count: b.responses })
                : null;
  return `${input.name} = ${value}${basis ? ` (${basis})` : ''}`;
}

/**
 * Under a formula criterion: the formula, each variable with what it was computed from, the computed points, and
 * what decided the final score when it was not the computed value. Read-only.
 */
export function FormulaInputs({ detail, maxScore, lang, testId }: { detail: FormulaDetail; maxScore?: number; lang: string; testId?: string }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const decided = detail.decidedBy;
  return (
    <Stack gap={2} mt={4} data-testid={testId} style={{ fontWeight: 400 }}>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {t('formulaCriteria.formula')} <Code style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{detail.formula}</Code>
      </Text>
      {detail.inputs.map((input) => (
        <Text key={input.name} size="xs" c={input.value === null ? 'orange.8' : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
          {/* What the variable means, in the user's language, then its value and what it was computed from. */}
          <Text span inherit fw={500} data-testid={`formula-label-${input.name}`}>
            {formulaVariableLabel(input.name, lang)}
          </Text>
          {': '}
          <span data-testid={`formula-input-${input.name}`}>{inputLine(input, lang, t)}</span>
        </Text>
      ))}
      {detail.status === 'computed' && (
        <Text size="xs" data-testid="formula-computed">
          {t('formulaCriteria.computed', { value: formatDecimal(detail.computed, lang) })}
          {detail.clamped && ` ${t('formulaCriteria.clamped', { exact: detail.exact, max: formatDecimal(maxScore, lang) })}`}
        </Text>
      )}
      {detail.status === 'error' && (
        <Text size="xs" c="red.7">
          {t('formulaCriteria.error', { reason: detail.reason ? reasonText(detail.reason) : '' })}
        </Text>
      )}
      {decided && decided !== 'computed' && decided !== 'none' && (
        <Text size="xs" c={decided === 'not_applicable' ? 'orange.8' : 'blue.7'} data-testid="formula-decided">
          {t(`formulaCriteria.decidedBy.${decided}`)}
        </Text>
      )}
    </Stack>
  );
}
