import { Anchor, Button, Grid, Group, Menu, Stack, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDownload, IconExternalLink, IconFileText, IconSend, IconTable } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, blockOption } from '../../components/SearchSelect';
import { YearSelect } from '../../components/YearSelect';
import { ResultsError, defaultResultsYear } from './parts';
import { useBlocks } from '../blocks/api';
import { resultsExportUrl, useResults } from './api';
import { resultsReportUrl } from './downloads';
import { Publications } from './Publications';
import { PublishModal } from './PublishModal';
import { RankingOverview } from './RankingOverview';
import { RankingTable } from './RankingTable';
import { useAddressParams } from '../../components/addressParams';

/** The "Xuất" menu: the printed ranking, the report, then the data files. */
const EXPORTS = [
  ['xlsx', 'rankingXlsx'],
  ['docx', 'reportDocx'],
  ['csv', 'rankingCsv'],
  ['json', 'rankingJson'],
] as const;

export function unitResultsHref(year: number, block: string, unitCode: string): string {
  return `/results/${year}/${encodeURIComponent(block)}/${encodeURIComponent(unitCode)}`;
}

/**
 * The ranking of a block in a year: overview, table, publications; the organizer publishes from here (`can.publish`
 * of the answer, not the role).
 */
export function ResultsPage() {
  const { t } = useTranslation();
  const { params, setParams } = useAddressParams();
  const blocks = useBlocks();
  const [publishOpened, publishModal] = useDisclosure(false);

  const year = Number(params.get('year')) || defaultResultsYear();
  const block = (params.get('block') ?? '').toUpperCase();

  // Without a block in the address, the first block is shown; the address then names both, so it can be shared.
  const firstBlock = blocks.data?.[0]?.code;
  useEffect(() => {
    if (!block && firstBlock) setParams({ block: firstBlock, year: String(year) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the address lacks a block; year and setParams follow it
  }, [block, firstBlock]);

  const results = useResults(year, block);
  const data = results.data;
  const status = data?.results.status;
  const publicHref = `/public/results?${new URLSearchParams({ year: String(year), block }).toString()}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('results.title')}</Title>
        <Group gap="xs">
          <Anchor component={Link} to={publicHref} size="sm" data-testid="results-public-link">
            <Group gap={4} wrap="nowrap">
              <IconExternalLink size={16} />
              {t('results.publicPage')}
            </Group>
          </Anchor>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} disabled={!data} data-testid="results-export">
                {t('common.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {EXPORTS.map(([format, label]) => (
                <Menu.Item
                  key={format}
                  component="a"
                  href={format === 'docx' ? resultsReportUrl(year, block) : resultsExportUrl(year, block, format)}
                  download
                  leftSection={format === 'docx' ? <IconFileText size={16} /> : <IconTable size={16} />}
                  data-testid={`results-export-${format}`}
                >
                  {t(`downloads.${label}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {data?.can.publish && (
            <Tooltip label={t('results.notApproved')} disabled={status !== 'open'}>
              <Button leftSection={<IconSend size={16} />} onClick={publishModal.open} disabled={status === 'open'} data-testid="results-publish">
                {data.revision === null ? t('results.publish') : t('results.correct')}
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>

      <Grid gap="sm" rowGap="xs">
        <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
          <YearSelect label={t('results.year')} value={year} onChange={(y) => setParams({ year: String(y) })} testId="results-year" />
        </Grid.Col>
        <Grid.Col span={{ base: 7, sm: 6, md: 4 }}>
          <SearchSelect
            label={t('results.block')}
            data={(blocks.data ?? []).map(blockOption)}
            value={block || null}
            onChange={(v) => v && setParams({ block: v })}
            allowDeselect={false}
            data-testid="results-block"
          />
        </Grid.Col>
      </Grid>

      {blocks.error && <ErrorAlert error={blocks.error} />}
      {results.error && <ResultsError error={results.error} year={year} block={block} />}

      {data && (
        <>
          <RankingOverview data={data} />
          <RankingTable results={data.results} unitHref={(u) => unitResultsHref(year, block, u.unitCode)} />
          <Publications year={year} block={block} />
          {data.can.publish && <PublishModal opened={publishOpened} onClose={publishModal.close} data={data} />}
        </>
      )}
    </Stack>
  );
}
