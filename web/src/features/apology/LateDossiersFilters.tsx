import { Grid, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useUnits } from '../units/api';
import type { LateDossierFilter } from './api';
import { DateInput } from '../../components/DateInput';

interface Props {
  filter: LateDossierFilter;
  update: (patch: Partial<LateDossierFilter>) => void;
  /** The unit filter is shown to those who may choose any unit (can.chooseUnit). */
  chooseUnit: boolean;
}

/** Unit, state, letter, field, period and dossier code of the late-dossier list. */
export function LateDossiersFilters({ filter, update, chooseUnit }: Props) {
  const { t } = useTranslation();
  const units = useUnits();
  return (
    <Grid gap="sm" rowGap="xs">
      {chooseUnit && (
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <SearchSelect
            label={t('apology.unit')}
            data={(units.data?.items ?? []).map(unitOption)}
            value={filter.unit ?? null}
            onChange={(v) => update({ unit: v ?? undefined })}
            clearable
            data-testid="filter-unit"
          />
        </Grid.Col>
      )}
      <Grid.Col span={{ base: 6, sm: 3, md: 2 }}>
        <Select
          label={t('apology.state')}
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'late', label: t('apology.states.late') },
            { value: 'overdue', label: t('apology.states.overdue') },
          ]}
          value={filter.state ?? 'all'}
          onChange={(v) => update({ state: v === 'late' || v === 'overdue' ? v : undefined })}
          allowDeselect={false}
          data-testid="filter-state"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 3, md: 2 }}>
        <Select
          label={t('apology.letterFilter')}
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'without', label: t('apology.noLetter') },
            { value: 'with', label: t('apology.hasLetter') },
          ]}
          value={filter.letter ?? 'all'}
          onChange={(v) => update({ letter: v === 'with' || v === 'without' ? v : undefined })}
          allowDeselect={false}
          data-testid="filter-letter"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
        <TextInput label={t('apology.field')} value={filter.field ?? ''} onChange={(e) => update({ field: e.currentTarget.value || undefined })} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
        <Select
          label={t('apology.dateBy')}
          data={[
            { value: 'due', label: t('apology.dateByDue') },
            { value: 'resolved', label: t('apology.dateByResolved') },
          ]}
          value={filter.dateBy ?? 'due'}
          onChange={(v) => update({ dateBy: v === 'resolved' ? 'resolved' : 'due' })}
          allowDeselect={false}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>
        <DateInput label={t('apology.from')} value={filter.from ?? ''} onChange={(v) => update({ from: v || undefined })} clearable />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>
        <DateInput label={t('apology.to')} value={filter.to ?? ''} onChange={(v) => update({ to: v || undefined })} clearable />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
        <TextInput
          label={t('apology.dossierCode')}
          value={filter.q ?? ''}
          onChange={(e) => update({ q: e.currentTarget.value || undefined })}
          data-testid="filter-code"
        />
      </Grid.Col>
    </Grid>
  );
}
