import { Badge, Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DossierImportResult, ImportStatus } from './api';

const STATUS_COLORS: Record<ImportStatus, string> = { running: 'blue', done: 'green', rejected: 'red', failed: 'orange' };

/** The counts of an import or a run: rows read, inserted, updated, unchanged, rejected. */
export function ImportCounts({ result }: { result: Pick<DossierImportResult, 'rowsRead' | 'inserted' | 'updated' | 'unchanged' | 'rejected'> }) {
  const { t } = useTranslation();
  const items = [
    ['rowsRead', result.rowsRead],
    ['inserted', result.inserted],
    ['updated', result.updated],
    ['unchanged', result.unchanged],
    ['rejected', result.rejected],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="dossier-result-counts">
      {items.map(([key, value]) => (
        <Card key={key} withBorder padding="xs" data-testid={`dossier-count-${key}`}>
          <Text size="xs" c="dimmed">
            {t(`dossiers.counts.${key}`)}
          </Text>
          <Text fw={700} size="lg" c={key === 'rejected' && value > 0 ? 'red' : undefined}>
            {value.toLocaleString('vi-VN')}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function RunStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {t(`dossiers.status.${status}`)}
    </Badge>
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
