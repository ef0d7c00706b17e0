import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReasonText } from '../../components/ErrorAlert';
import { formatDecimal } from '../../format';
import type { CriterionDetail } from './api';

type SurveySource = NonNullable<CriterionDetail['survey']>;

/** "chỉ số SIPAS", "chỉ số hài lòng về thủ tục hành chính", "điểm lĩnh vực tthc", … in the user's language. */
export function useMeasureText() {
  const { t } = useTranslation();
  return (measure: SurveySource['measure']) =>
    measure.kind === 'element'
      ? t('surveyCriteria.measureOf.element', { element: t(`surveyCriteria.elements.${measure.element}`) })
      : measure.kind === 'area'
        ? t('surveyCriteria.measureOf.area', { area: measure.area })
        : measure.kind === 'question'
          ? t('surveyCriteria.measureOf.question', { question: measure.question })
          : t(`surveyCriteria.measureOf.${measure.kind}`);
}

/**
 * Under a survey criterion linked to a campaign: "Từ khảo sát SIPAS-2026: chỉ số SIPAS 87,50 % → 10,50 điểm" with the
 * responses counted, or why there is no value (the criterion is then not applicable), and what decided the final
 * score when it was not the survey (the organizer's entry, the council). Read-only.
 */
export function SurveySourceLine({ source, lang, testId }: { source: SurveySource; lang: string; testId?: string }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const measureText = useMeasureText();
  const percent = source.measure.kind === 'sipas' || source.measure.kind === 'element';
  const decided = source.decidedBy;
  return (
    <Stack gap={2} mt={4} data-testid={testId} style={{ fontWeight: 400 }}>
      {source.value !== null && source.points !== null ? (
        <Text size="xs" c="dimmed" data-testid="survey-source-line">
          {t('surveyCriteria.source', {
            campaign: source.campaign,
            measure: measureText(source.measure),
            value: `${formatDecimal(source.value, lang)}${percent ? ' %' : ''}`,
            points: formatDecimal(source.points, lang),
          })}{' '}
          ({t('surveyCriteria.responses', { count: source.responses })})
        </Text>
      ) : (
        <Text size="xs" c="orange.8" data-testid="survey-source-line">
          {t('surveyCriteria.sourceNoValue', { campaign: source.campaign, measure: measureText(source.measure) })}
          {source.reason && `: ${reasonText(source.reason)}`}
        </Text>
      )}
      {(decided === 'council' || decided === 'appraisal' || decided === 'self') && (
        <Text size="xs" c="blue.7" data-testid="survey-decided">
          {t(`surveyCriteria.decidedBy.${decided}`)}
        </Text>
      )}
    </Stack>
  );
}
