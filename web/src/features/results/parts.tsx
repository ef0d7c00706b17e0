import { Alert, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { BlockResults, PublicResults } from '@server/modules/results/schemas';
import { currentYear, formatDateTime } from '../../format';
import { ErrorAlert } from '../../components/ErrorAlert';

type ClassBand = BlockResults['classes'][number];

// Mantine's filled shades, so a bar in a chart has the colour of its class badge in the table.
const CLASS_COLORS = ['green', 'blue', 'yellow', 'orange', 'grape'] as const;
const HEX: Record<string, string> = {
  green: '#40c057',
  blue: '#228be6',
  yellow: '#fab005',
  orange: '#fd7e14',
  grape: '#be4bdb',
  red: '#fa5252',
  gray: '#868e96',
};

/** Colour of a class: the best band green, the lowest red, the ones between in order. */
export function classColor(label: string | null, classes: ClassBand[]): string {
  if (!label) return 'gray';
  const sorted = [...classes].sort((a, b) => b.min - a.min);
  const at = sorted.findIndex((c) => c.label === label);
  if (at < 0) return 'gray';
  if (at === sorted.length - 1 && sorted.length > 1) return 'red';
  return CLASS_COLORS[Math.min(at, CLASS_COLORS.length - 1)]!;
}

export function classHex(label: string | null, classes: ClassBand[]): string {
  return HEX[classColor(label, classes)] ?? HEX.gray!;
}

export function ClassBadge({ label, classes }: { label: string | null; classes: ClassBand[] }) {
  if (!label) return <Text c="dimmed">—</Text>;
  return (
    <Badge color={classColor(label, classes)} variant="light" data-testid="class-badge">
      {label}
    </Badge>
  );
}

/** ▲2 (up two places), ▼1, or — (same place, or no rank to compare with). */
export function RankChange({ rank, previousRank }: { rank: number | null; previousRank: number | null }) {
  const { t } = useTranslation();
  if (rank === null || previousRank === null) {
    return (
      <Tooltip label={t('results.noPreviousRank')}>
        <Text c="dimmed" span data-change="none">
          —
        </Text>
      </Tooltip>
    );
  }
  const delta = previousRank - rank;
  const label = t('results.previousRankWas', { rank: previousRank });
  if (delta === 0) {
    return (
      <Tooltip label={label}>
        <Text c="dimmed" span data-change="0">
          —
        </Text>
      </Tooltip>
    );
  }
  return (
    <Tooltip label={label}>
      <Text c={delta > 0 ? 'green.7' : 'red.7'} fw={600} span data-change={String(delta)} style={{ whiteSpace: 'nowrap' }}>
        {delta > 0 ? `▲${delta}` : `▼${-delta}`}
      </Text>
    </Tooltip>
  );
}

/** Approved / published, the revision and its date; a preview badge while nothing is published. */
export function ResultsStatus({ data }: { data: PublicResults }) {
  const { t } = useTranslation();
  const { results, revision, publishedAt } = data;
  return (
    <Group gap="xs" data-testid="results-status">
      <Badge color={results.status === 'published' ? 'green' : results.status === 'approved' ? 'blue' : 'gray'} variant="light">
        {t(`results.statuses.${results.status}`, { defaultValue: results.status })}
      </Badge>
      {revision === null ? (
        <Tooltip label={t('results.previewHint')} multiline w={280}>
          <Badge color="orange" variant="filled" data-testid="results-preview">
            {t('results.preview')}
          </Badge>
        </Tooltip>
      ) : (
        <Text size="sm" data-testid="results-revision">
          {t('results.revisionPublished', { revision, at: formatDateTime(publishedAt) })}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {results.frameworkName}
      </Text>
    </Group>
  );
}

/** Results are usually published the year after; last year is the first thing people look for. */
export const defaultResultsYear = () => currentYear() - 1;

/** Results not there (no round, or not published yet for this role) get a friendly note; other errors the red box. */
export function ResultsError({ error, year, block }: { error: unknown; year: number; block: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Alert color="gray" icon={<IconInfoCircle size={18} />} title={t('results.notPublishedTitle')} data-testid="results-not-published">
        {t('results.notPublished', { year, block })}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}
