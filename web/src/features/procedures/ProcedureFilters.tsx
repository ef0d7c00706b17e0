import { Grid, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ONLINE_LEVELS } from '../../../../src/domain/vocabulary';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import type { ProcedureFacets } from '@server/modules/procedures/schemas';

export interface CatalogueFilter {
  search: string;
  unit: string | null;
  field: string | null;
  online: string | null;
  published: string | null;
}

/** The catalogue's search and filters; every change goes back to the first page (the caller's `onChange`). */
export function ProcedureFilters({
  value,
  onChange,
  facets,
}: {
  value: CatalogueFilter;
  onChange: (next: CatalogueFilter) => void;
  facets: ProcedureFacets | undefined;
}) {
  const { t } = useTranslation();
  const set =
    <K extends keyof CatalogueFilter>(key: K) =>
    (v: CatalogueFilter[K]) =>
      onChange({ ...value, [key]: v });
  return (
    <Grid gap="sm" rowGap="xs">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <TextInput
          label={t('procedures.search')}
          placeholder={t('procedures.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={value.search}
          onChange={(e) => set('search')(e.currentTarget.value)}
          data-testid="procedures-search"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
        <SearchSelect
          label={t('procedures.unit')}
          data={(facets?.units ?? []).map(unitOption)}
          value={value.unit}
          onChange={set('unit')}
          clearable
          placeholder={t('procedures.all')}
          data-testid="procedures-unit"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
        <SearchSelect
          label={t('procedures.field')}
          data={facets?.fields ?? []}
          value={value.field}
          onChange={set('field')}
          clearable
          placeholder={t('procedures.all')}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 1.5 }}>
        <Select
          label={t('procedures.online')}
          data={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`procedures.level.${l}`) }))}
          value={value.online}
          onChange={set('online')}
          clearable
          placeholder={t('procedures.all')}
          data-testid="procedures-online"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 1.5 }}>
        <Select
          label={t('procedures.published')}
          data={[
            { value: 'true', label: t('procedures.publishedYes') },
            { value: 'false', label: t('procedures.publishedNo') },
          ]}
          value={value.published}
          onChange={set('published')}
          clearable
          placeholder={t('procedures.all')}
        />
      </Grid.Col>
    </Grid>
  );
}
