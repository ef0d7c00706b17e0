import { Grid } from '@mantine/core';
import type { TimelinessScopeView } from '@server/modules/timeliness/schemas';
import { useTranslation } from 'react-i18next';
import { useBlocks } from '../blocks/api';
import { useUnits } from '../units/api';
import { SearchSelect, blockOption, unitOption } from '../../components/SearchSelect';
import { YearSelect } from '../../components/YearSelect';
import { CHANNELS, type DashboardParams } from './api';
import { DateInput } from '../../components/DateInput';

interface Props {
  params: DashboardParams;
  /** The caller's scope, as the last answer said: a unit scope locks the unit and block filters. */
  scope: TimelinessScopeView | undefined;
  fieldOptions: string[];
  setParam: (key: string, value: string | null) => void;
}

/** Year, report date, block, channel, unit and field of the timeliness dashboard (kept in the address). */
export function TimelinessFilters({ params, scope, fieldOptions, setParam }: Props) {
  const { t } = useTranslation();
  const unitLocked = scope?.kind === 'unit';
  const blocks = useBlocks();
  const units = useUnits({ year: params.year, block: params.block });
  const unitData =
    unitLocked && scope.unitCode ? [unitOption({ code: scope.unitCode, name: scope.unitName ?? scope.unitCode })] : (units.data?.items ?? []).map(unitOption);
  return (
    <Grid gap="sm" rowGap="xs">
      <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
        <YearSelect label={t('timeliness.filters.year')} value={params.year} onChange={(y) => setParam('year', String(y))} testId="timeliness-year" />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
        <DateInput
          label={t('timeliness.filters.asOf')}
          value={params.asOf ?? ''}
          onChange={(v) => setParam('asOf', v || null)}
          clearable
          data-testid="timeliness-as-of"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
        <SearchSelect
          label={t('timeliness.filters.block')}
          placeholder={t('timeliness.filters.all')}
          data={(blocks.data ?? []).map(blockOption)}
          value={params.block ?? null}
          onChange={(v) => setParam('block', v)}
          clearable
          disabled={unitLocked}
          data-testid="timeliness-block"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
        <SearchSelect
          label={t('timeliness.filters.channel')}
          placeholder={t('timeliness.filters.all')}
          data={CHANNELS.map((c) => ({ value: c, label: t(`timeliness.channel.${c}`) }))}
          value={params.channel ?? null}
          onChange={(v) => setParam('channel', v)}
          clearable
          data-testid="timeliness-channel"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
        <SearchSelect
          label={t('timeliness.filters.unit')}
          placeholder={t('timeliness.filters.all')}
          data={unitData}
          value={unitLocked ? scope.unitCode : (params.unit ?? null)}
          onChange={(v) => setParam('unit', v)}
          clearable={!unitLocked}
          disabled={unitLocked}
          data-testid="timeliness-unit"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
        <SearchSelect
          label={t('timeliness.filters.field')}
          placeholder={t('timeliness.filters.all')}
          data={fieldOptions}
          value={params.field ?? null}
          onChange={(v) => setParam('field', v)}
          clearable
          data-testid="timeliness-field"
        />
      </Grid.Col>
    </Grid>
  );
}
