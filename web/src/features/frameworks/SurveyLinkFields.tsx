import { ActionIcon, Autocomplete, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SurveyLinkDraft } from './draft';

type Measure = SurveyLinkDraft['measure'];
type Mapping = SurveyLinkDraft['mapping'];
type Band = { min: number; points: number };

const MEASURE_KINDS: Measure['kind'][] = ['sipas', 'element', 'officials', 'area', 'question'];
const ELEMENTS = ['access', 'procedure', 'civil_servant', 'result', 'feedback'] as const;

/** What the campaign list answers that the editor uses (GET /surveys/campaigns?year=). */
interface CampaignOption {
  code: string;
  name: string;
  kind: 'sipas' | 'officials' | 'custom';
}

/** The campaigns of a year for the campaign field; the field still takes a typed code when none is listed (or readable). */
function useYearCampaigns(year: number) {
  return useQuery({
    queryKey: ['survey-campaigns', 'for-framework', year],
    queryFn: () => api.get<{ items: CampaignOption[] }>('/surveys/campaigns', { year }),
    retry: false,
  });
}

function measureFor(kind: Measure['kind'], previous: Measure): Measure {
  if (kind === 'element') return { kind, element: previous.kind === 'element' ? previous.element : 'access' };
  if (kind === 'area') return { kind, area: previous.kind === 'area' ? previous.area : '' };
  if (kind === 'question') return { kind, question: previous.kind === 'question' ? previous.question : '' };
  return { kind };
}

/**
 * A survey criterion's link to a campaign in the criterion dialog: off (the organizer enters the points), or a
 * campaign of the framework's year (chosen or typed), a measure of it and how the measure becomes points (linear
 * share of the maximum, or bands). The server checks the link with the rest of the framework.
 */
export function SurveyLinkFields({ value, year, onChange }: { value: SurveyLinkDraft | null; year: number; onChange: (link: SurveyLinkDraft | null) => void }) {
  const { t, i18n } = useTranslation();
  const campaigns = useYearCampaigns(year);
  const decimal = i18n.language === 'en' ? '.' : ',';
  const items = campaigns.data?.items ?? [];
  const chosen = value ? items.find((c) => c.code === value.campaign) : undefined;
  const set = (patch: Partial<SurveyLinkDraft>) => value && onChange({ ...value, ...patch });
  const bands: Band[] = value?.mapping.kind === 'bands' ? value.mapping.bands : [];
  const setBands = (next: Band[]) => set({ mapping: { kind: 'bands', bands: next } });
  return (
    <Paper withBorder p="sm" data-testid="criterion-survey">
      <Stack gap="xs">
        <Switch
          label={t('surveyCriteria.link')}
          description={t('surveyCriteria.linkHint')}
          checked={value !== null}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            const first = items[0];
            onChange(
              on
                ? {
                    campaign: first?.code ?? '',
                    measure: first?.kind === 'officials' ? { kind: 'officials' } : { kind: 'sipas' },
                    mapping: { kind: 'linear' },
                  }
                : null,
            );
          }}
          data-testid="criterion-survey-on"
        />
        {value && (
          <>
            <Autocomplete
              label={t('surveyCriteria.campaign')}
              description={chosen ? `${chosen.name} (${t(`surveyCriteria.kinds.${chosen.kind}`)})` : t('surveyCriteria.campaignHint', { year })}
              data={items.map((c) => c.code)}
              value={value.campaign}
              onChange={(campaign) => set({ campaign })}
              required
              data-testid="criterion-survey-campaign"
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} verticalSpacing="xs">
              <Select
                label={t('surveyCriteria.measure')}
                data={MEASURE_KINDS.map((k) => ({ value: k, label: t(`surveyCriteria.measures.${k}`) }))}
                value={value.measure.kind}
                onChange={(k) => k && set({ measure: measureFor(k as Measure['kind'], value.measure) })}
                allowDeselect={false}
                data-testid="criterion-survey-measure"
              />
              {value.measure.kind === 'element' && (
                <Select
                  label={t('surveyCriteria.element')}
                  data={ELEMENTS.map((e) => ({ value: e, label: t(`surveyCriteria.elements.${e}`) }))}
                  value={value.measure.element}
                  onChange={(e) => e && set({ measure: { kind: 'element', element: e as (typeof ELEMENTS)[number] } })}
                  allowDeselect={false}
                  data-testid="criterion-survey-element"
                />
              )}
              {value.measure.kind === 'area' && (
                <TextInput
                  label={t('surveyCriteria.area')}
                  description={t('surveyCriteria.areaHint')}
                  value={value.measure.area}
                  onChange={(e) => set({ measure: { kind: 'area', area: e.currentTarget.value } })}
                  data-testid="criterion-survey-area"
                />
              )}
              {value.measure.kind === 'question' && (
                <TextInput
                  label={t('surveyCriteria.question')}
                  value={value.measure.question}
                  onChange={(e) => set({ measure: { kind: 'question', question: e.currentTarget.value } })}
                  data-testid="criterion-survey-question"
                />
              )}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }} verticalSpacing="xs">
              <Select
                label={t('surveyCriteria.mapping')}
                data={(['linear', 'bands'] as const).map((k) => ({ value: k, label: t(`surveyCriteria.mappings.${k}`) }))}
                value={value.mapping.kind}
                onChange={(k) => {
                  const mapping: Mapping = k === 'bands' ? { kind: 'bands', bands: [{ min: 90, points: 0 }] } : { kind: 'linear' };
                  if (k) set({ mapping });
                }}
                allowDeselect={false}
                data-testid="criterion-survey-mapping"
              />
              {value.mapping.kind === 'linear' && (
                <NumberInput
                  label={t('surveyCriteria.full')}
                  placeholder="100"
                  value={value.mapping.full ?? ''}
                  onChange={(v) => set({ mapping: { kind: 'linear', ...(typeof v === 'number' ? { full: v } : {}) } })}
                  decimalSeparator={decimal}
                  decimalScale={2}
                  min={0}
                  data-testid="criterion-survey-full"
                />
              )}
            </SimpleGrid>
            {value.mapping.kind === 'linear' && (
              <Text size="xs" c="dimmed">
                {t('surveyCriteria.linearHint', { full: value.mapping.full ?? 100 })}
              </Text>
            )}
            {value.mapping.kind === 'bands' && (
              <Stack gap={4} data-testid="criterion-survey-bands">
                <Text size="xs" c="dimmed">
                  {t('surveyCriteria.bandsHint')}
                </Text>
                {bands.map((band, i) => (
                  <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
                    <NumberInput
                      label={i === 0 ? t('surveyCriteria.bandMin') : undefined}
                      aria-label={t('surveyCriteria.bandMin')}
                      value={band.min}
                      onChange={(v) => setBands(bands.map((b, j) => (j === i ? { ...b, min: typeof v === 'number' ? v : 0 } : b)))}
                      decimalSeparator={decimal}
                      decimalScale={2}
                      min={0}
                      style={{ flex: 1 }}
                      data-testid={`criterion-survey-band-min-${i}`}
                    />
                    <NumberInput
                      label={i === 0 ? t('surveyCriteria.bandPoints') : undefined}
                      aria-label={t('surveyCriteria.bandPoints')}
                      value={band.points}
                      onChange={(v) => setBands(bands.map((b, j) => (j === i ? { ...b, points: typeof v === 'number' ? v : 0 } : b)))}
                      decimalSeparator={decimal}
                      decimalScale={2}
                      min={0}
                      style={{ flex: 1 }}
                      data-testid={`criterion-survey-band-points-${i}`}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() => setBands(bands.filter((_, j) => j !== i))}
                      aria-label={t('surveyCriteria.removeBand')}
                      mb={4}
                    >
                      ×
                    </ActionIcon>
                  </Group>
                ))}
                <Group>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setBands([...bands, { min: 0, points: 0 }])}
                    disabled={bands.length >= 20}
                    data-testid="criterion-survey-add-band"
                  >
                    {t('surveyCriteria.addBand')}
                  </Button>
                </Group>
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
