import { Button, Grid, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/DateInput';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useProcedureFacets } from '../procedures/api';
import { useUnits } from '../units/api';
import { DOSSIER_CHANNEL_VALUES, DOSSIER_STANDING_VALUES, DOSSIER_STATUS_VALUES, type FilterKey } from './labels';

interface Props {
  value: (key: FilterKey) => string;
  update: (patch: Partial<Record<FilterKey, string | null>>) => void;
  clear: () => void;
  /** Unit staff see their own unit only: no unit filter. */
  chooseUnit: boolean;
}

/** The dossier search's filters: code (typed, applied after a pause), unit, procedure, field, channel, status, timeliness, dates. */
export function DossierFilters({ value, update, clear, chooseUnit }: Props) {
  const { t } = useTranslation();
  const units = useUnits();
  const facets = useProcedureFacets();
  const [code, setCode] = useState(value('code'));
  const [debounced] = useDebouncedValue(code, 350);
  // On a phone the code and the timeliness come first; the other filters open on demand (open when one is set).
  const phone = useMediaQuery('(max-width: 48em)');
  const secondarySet = (['unit', 'field', 'status', 'channel', 'procedure', 'receivedFrom', 'receivedTo', 'resolvedFrom', 'resolvedTo'] as const).some(
    (k) => value(k) !== '',
  );
  const [opened, setOpened] = useState(secondarySet);
  const showAll = !phone || opened || secondarySet;
  const addressCode = value('code');
  useEffect(() => {
    if (debounced.trim() !== addressCode) update({ code: debounced.trim() || null });
    // Only the typed text drives this; the address follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  const all = { value: '', label: t('dossiers.search.all') };
  const choice = (key: FilterKey, values: readonly string[], labels: string) => (
    <Select
      label={t(`dossiers.search.${key}`)}
      data={[all, ...values.map((v) => ({ value: v, label: t(`${labels}.${v}`) }))]}
      value={value(key)}
      onChange={(v) => update({ [key]: v || null })}
      allowDeselect={false}
      data-testid={`dossier-filter-${key}`}
    />
  );
  const date = (key: FilterKey) => (
    <DateInput
      label={t(`dossiers.search.${key}`)}
      value={value(key)}
      onChange={(v) => update({ [key]: v || null })}
      clearable
      data-testid={`dossier-filter-${key}`}
    />
  );
  return (
    <Grid gap="sm" rowGap="xs">
      <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
        <TextInput
          label={t('dossiers.search.code')}
          placeholder={t('dossiers.search.codePlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ code: code.trim() || null });
          }}
          data-testid="dossier-filter-code"
        />
      </Grid.Col>
      {phone && <Grid.Col span={12}>{choice('timeliness', DOSSIER_STANDING_VALUES, 'dossiers.timeliness')}</Grid.Col>}
      {showAll && chooseUnit && (
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <SearchSelect
            label={t('dossiers.search.unit')}
            data={(units.data?.items ?? []).map(unitOption)}
            value={value('unit') || null}
            onChange={(v) => update({ unit: v })}
            clearable
            data-testid="dossier-filter-unit"
          />
        </Grid.Col>
      )}
      {showAll && (
        <>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <SearchSelect
              label={t('dossiers.search.field')}
              data={(facets.data?.fields ?? []).map((f) => ({ value: f, label: f }))}
              value={value('field') || null}
              onChange={(v) => update({ field: v })}
              clearable
              data-testid="dossier-filter-field"
            />
          </Grid.Col>
          {!phone && <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>{choice('timeliness', DOSSIER_STANDING_VALUES, 'dossiers.timeliness')}</Grid.Col>}
          <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>{choice('status', DOSSIER_STATUS_VALUES, 'dossiers.dossierStatus')}</Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>{choice('channel', DOSSIER_CHANNEL_VALUES, 'dossiers.channel')}</Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
            <TextInput
              label={t('dossiers.search.procedure')}
              value={value('procedure')}
              onChange={(e) => update({ procedure: e.currentTarget.value.trim() || null })}
              data-testid="dossier-filter-procedure"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>{date('receivedFrom')}</Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>{date('receivedTo')}</Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>{date('resolvedFrom')}</Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>{date('resolvedTo')}</Grid.Col>
        </>
      )}
      <Grid.Col span={12}>
        <Group justify="flex-end" gap="xs">
          {phone && !secondarySet && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconAdjustmentsHorizontal size={14} />}
              onClick={() => setOpened((o) => !o)}
              data-testid="dossier-filter-more"
            >
              {opened ? t('dossiers.search.fewerFilters') : t('dossiers.search.moreFilters')}
            </Button>
          )}
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => {
              setCode('');
              clear();
            }}
            data-testid="dossier-filter-clear"
          >
            {t('dossiers.search.clear')}
          </Button>
        </Group>
      </Grid.Col>
    </Grid>
  );
}
