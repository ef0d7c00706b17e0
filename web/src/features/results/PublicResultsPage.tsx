import { Anchor, Box, Grid, Group, Loader, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { NotSubmittedBadge } from '../../components/NotSubmittedBadge';
import { PublicPage } from '../../components/PublicPage';
import { useLang } from '../../components/YearSelect';
import { useAddressParams } from '../../components/addressParams';
import { formatDecimal } from '../../format';
import { type PublishedRound, usePublishedRounds } from '../home/api';
import { ResultsError, classColor } from './parts';
import { type PublicResults, usePublicResults } from './api';
import { RankingOverview } from './RankingOverview';
import { RankingTable } from './RankingTable';

/** The published years (newest first) and, per year, its published blocks. */
function published(rounds: PublishedRound[]) {
  const years = [...new Set(rounds.map((r) => r.year))].sort((a, b) => b - a);
  const blocksOf = (year: number) => rounds.filter((r) => r.year === year);
  return { years, blocksOf };
}

/**
 * The ranking on a phone: rank, unit, index and class in four narrow columns, so nothing scrolls sideways (the full
 * printed table, with scores and fields, shows from tablet width up).
 */
function CompactRanking({ results }: { results: PublicResults['results'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table verticalSpacing={6} horizontalSpacing={6} fz="sm" data-testid="public-compact-ranking" style={{ tableLayout: 'fixed', width: '100%' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={44} ta="right">
            {t('publicHome.rank')}
          </Table.Th>
          <Table.Th>{t('publicHome.unit')}</Table.Th>
          <Table.Th w={64} ta="right">
            {t('publicHome.index')}
          </Table.Th>
          <Table.Th w={76}>{t('publicHome.class')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {results.units.map((u) => (
          <Table.Tr key={u.unitCode} data-testid={`public-row-${u.unitCode}`}>
            <Table.Td ta="right" fw={700} data-testid="cell-rank">
              {u.rank ?? '—'}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid="cell-unit">
              {u.unitName} {u.notSubmitted && <NotSubmittedBadge />}
            </Table.Td>
            <Table.Td ta="right" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="cell-index">
              {formatDecimal(u.index, lang)}
            </Table.Td>
            {/* Coloured text, not a badge: a badge never wraps, and "Trung bình" would push the page sideways. */}
            <Table.Td data-testid="cell-class" fw={600} c={u.class ? `${classColor(u.class, results.classes)}.8` : 'dimmed'}>
              {u.class ?? '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Published results without signing in. It opens on the latest published year and its first block; the year and
 * block are chosen from what is published (blocks by name) and kept in the address (`?year=2026&block=SO`), so a
 * ranking can be shared and survives a reload.
 */
export function PublicResultsPage() {
  const { t } = useTranslation();
  const { params, setParams } = useAddressParams();
  const rounds = usePublishedRounds();
  const { years, blocksOf } = published(rounds.data?.items ?? []);
  const askedYear = Number(params.get('year')) || null;
  const askedBlock = (params.get('block') ?? '').trim().toUpperCase() || null;
  const year = askedYear ?? years[0] ?? null;
  const blocks = year === null ? [] : blocksOf(year);
  const block = askedBlock ?? blocks[0]?.blockCode ?? null;

  // The address always names what is shown, so copying it shares this very ranking.
  const missing = rounds.isSuccess && year !== null && block !== null && (askedYear === null || askedBlock === null);
  useEffect(() => {
    if (missing) setParams({ year: String(year), block });
  }, [missing, year, block, setParams]);

  const results = usePublicResults(year ?? 0, block ?? '');
  const data = results.data;

  const chooseYear = (value: string | null) => {
    if (!value) return;
    const next = Number(value);
    const nextBlocks = blocksOf(next);
    // Keep the block when that year published it too, else the year's first block.
    const keep = nextBlocks.some((b) => b.blockCode === block) ? block : (nextBlocks[0]?.blockCode ?? null);
    setParams({ year: value, block: keep });
  };

  const yearOptions = years.map((y) => ({ value: String(y), label: String(y) }));
  if (year !== null && !years.includes(year)) yearOptions.push({ value: String(year), label: String(year) });
  const blockOptions = blocks.map((b) => ({ value: b.blockCode, label: b.blockName }));
  // A block the address names but that year did not publish: shown by the name the results give, once the list is known.
  if (block && rounds.isSuccess && !blocks.some((b) => b.blockCode === block)) blockOptions.push({ value: block, label: data?.results.blockName ?? block });

  return (
    <PublicPage title={t('publicResults.title')} subtitle={t('publicResults.subtitle')}>
      <Paper withBorder p="sm">
        <Grid gap="sm" rowGap="xs" align="flex-end">
          <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
            <Select
              label={t('publicHome.year')}
              data={yearOptions}
              value={year === null ? null : String(year)}
              onChange={chooseYear}
              allowDeselect={false}
              disabled={yearOptions.length === 0}
              data-testid="public-year"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 7, sm: 6, md: 4 }}>
            <Select
              label={t('publicHome.block')}
              data={blockOptions}
              value={block}
              onChange={(v) => v && setParams({ block: v })}
              allowDeselect={false}
              disabled={blockOptions.length === 0}
              data-testid="public-block"
            />
          </Grid.Col>
        </Grid>
      </Paper>

      {rounds.isPending && <Loader />}
      {rounds.isSuccess && years.length === 0 && (
        <Text c="dimmed" data-testid="public-none-published">
          {t('publicHome.noneYet')}
        </Text>
      )}
      {block && year !== null && results.isPending && <Loader />}
      {results.error && <ResultsError error={results.error} year={year ?? 0} block={block ?? ''} />}

      {data && (
        <>
          <RankingOverview data={data} />
          <Paper withBorder>
            <Box visibleFrom="sm">
              <RankingTable results={data.results} />
            </Box>
            <Box hiddenFrom="sm">
              <CompactRanking results={data.results} />
            </Box>
          </Paper>
        </>
      )}
      <Stack gap={4} align="center">
        <Group gap="md" justify="center">
          <Anchor component={Link} to="/public/procedures" size="xs" data-testid="public-procedures-link">
            {t('procedures.publicLink')}
          </Anchor>
          <Anchor component={Link} to="/login" size="xs">
            {t('publicResults.staffSignIn')}
          </Anchor>
        </Group>
      </Stack>
    </PublicPage>
  );
}
