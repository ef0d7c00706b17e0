import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCrown, IconFileTypePdf } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLang } from '../../components/YearSelect';
import { ClassBadge, RankChange, ResultsError, ResultsStatus } from './parts';
import { formatDecimal } from '../../format';
import { useResults } from './api';
import { scorecardUrl } from './downloads';
import { CriteriaDrillDown } from './CriteriaDrillDown';
import { useProblemText } from './problem';
import { UnitFields } from './UnitFields';
import { UnitHistory, useUnitHistory } from './UnitHistory';

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} component="div">
        {children}
      </Text>
    </Paper>
  );
}

export function UnitResultsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const problemText = useProblemText();
  const params = useParams();
  const year = Number(params.year);
  const block = (params.block ?? '').toUpperCase();
  const unitCode = (params.unitCode ?? '').toUpperCase();

  const current = useResults(year, block);
  const history = useUnitHistory(year, block, unitCode);
  const firstThreeYears = history.firstThreeYears;
  const results = current.data?.results;
  const unit = results?.units.find((u) => u.unitCode === unitCode);
  const back = `/results?${new URLSearchParams({ year: String(year), block }).toString()}`;

  return (
    <Stack>
      <Anchor component={Link} to={back} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={16} />
          {t('unitResults.back')}
        </Group>
      </Anchor>

      {current.isPending && <Loader />}
      {current.error && <ResultsError error={current.error} year={year} block={block} />}
      {results && !unit && (
        <Alert color="gray" data-testid="unit-results-missing">
          {t('unitResults.notInRanking', { unit: unitCode, block: results.blockName, year })}
        </Alert>
      )}

      {results && unit && current.data && (
        <>
          <Stack gap={4}>
            <Group gap="sm" align="center">
              <Title order={2} data-testid="unit-results-title">
                {unit.unitName}
              </Title>
              {firstThreeYears && (
                <Badge size="lg" color="yellow" variant="filled" leftSection={<IconCrown size={16} />} data-testid="first-three-years">
                  {t('unitResults.firstThreeYears')}
                </Badge>
              )}
            </Group>
            <Group justify="space-between" align="center" gap="xs">
              <Text c="dimmed">{t('results.heading', { block: results.blockName, year })}</Text>
              {current.data.can.exportDocuments && (
                <Button
                  component="a"
                  href={scorecardUrl(year, block, unitCode)}
                  download
                  variant="default"
                  size="sm"
                  leftSection={<IconFileTypePdf size={16} />}
                  data-testid="unit-scorecard-pdf"
                >
                  {t('downloads.scorecardPdf')}
                </Button>
              )}
            </Group>
            <ResultsStatus data={current.data} />
          </Stack>

          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Stat label={t('results.index')} testId="unit-index">
              {formatDecimal(unit.index, lang)}
            </Stat>
            <Stat label={t('results.rank')} testId="unit-rank">
              <Group gap="xs" align="baseline">
                <span>{unit.rank ?? '—'}</span>
                <Text size="sm" c="dimmed" span>
                  / {results.units.filter((u) => u.rank !== null).length}
                </Text>
                <Text size="sm" span>
                  <RankChange rank={unit.rank} previousRank={unit.previousRank} />
                </Text>
              </Group>
            </Stat>
            <Stat label={t('results.finalScore')}>
              {formatDecimal(unit.score, lang)}
              <Text size="sm" c="dimmed" span>
                {' '}
                / {formatDecimal(unit.maxScore, lang)}
              </Text>
            </Stat>
            <Stat label={t('results.class')}>
              <ClassBadge label={unit.class} classes={results.classes} />
            </Stat>
          </SimpleGrid>
          {unit.problem && <Alert color="red">{problemText(unit.problem)}</Alert>}

          <UnitFields results={results} unit={unit} unitCode={unitCode} lang={lang} />

          <CriteriaDrillDown year={year} block={block} unitCode={unitCode} lang={lang} />

          <UnitHistory history={history} block={block} lang={lang} />
        </>
      )}
    </Stack>
  );
}
