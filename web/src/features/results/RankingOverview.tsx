import { Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ResultsStatus } from './parts';
import type { PublicResults } from './api';
import { RankingChart } from './RankingChart';

/** The head of a ranking: block and year, publication status, and the chart of indices. */
export function RankingOverview({ data }: { data: PublicResults }) {
  const { t } = useTranslation();
  return (
    <>
      <Stack gap={4}>
        <Title order={3} data-testid="results-heading">
          {t('results.heading', { block: data.results.blockName, year: data.results.year })}
        </Title>
        <ResultsStatus data={data} />
      </Stack>
      <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
        <RankingChart results={data.results} />
      </Paper>
    </>
  );
}
