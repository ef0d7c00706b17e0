import { Anchor, Badge, Button, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang, YearSelect } from '../../components/YearSelect';
import { currentYear, formatDecimal } from '../../format';
import { type InspectionSummary, useInspectionYear } from './api';
import { InspectionModal } from './InspectionModals';

export const STATUS_COLORS: Record<InspectionSummary['status'], string> = { planned: 'gray', conducted: 'blue', concluded: 'green' };

/** Planned dates "10/05/2025 – 12/05/2025" (or the one there is). */
export function plannedDates(i: Pick<InspectionSummary, 'plannedFrom' | 'plannedTo'>): string {
  if (!i.plannedFrom && !i.plannedTo) return '—';
  if (i.plannedFrom && i.plannedTo && i.plannedFrom !== i.plannedTo) return `${displayDate(i.plannedFrom)} – ${displayDate(i.plannedTo)}`;
  return displayDate(i.plannedFrom ?? i.plannedTo);
}

/** Remediation counts of an inspection: open, overdue (red), closed. */
function ItemCounts({ items }: { items: InspectionSummary['items'] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {items.open + items.closed === 0 && <Text c="dimmed">—</Text>}
      {items.open > 0 && (
        <Badge variant="light" color="gray">
          {t('inspections.openCount', { count: items.open })}
        </Badge>
      )}
      {items.overdue > 0 && <Badge color="red">{t('inspections.overdueCount', { count: items.overdue })}</Badge>}
      {items.closed > 0 && (
        <Badge variant="light" color="green">
          {t('inspections.closedCount', { count: items.closed })}
        </Badge>
      )}
    </Group>
  );
}

/**
 * The year's inspection plan (kiểm tra CCHC): coverage over the active units, and the inspections (a table on wide
 * screens, cards on a phone). The organizer adds inspections; unit staff see their own unit's.
 */
export function InspectionsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const [year, setYear] = useState(currentYear());
  const [creating, setCreating] = useState(false);
  const query = useInspectionYear(year);
  const data = query.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('inspections.title')}</Title>
        <Group align="flex-end">
          <YearSelect value={year} onChange={setYear} label={t('inspections.year')} testId="inspections-year" />
          {data?.can.create && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="inspection-create">
              {t('inspections.create')}
            </Button>
          )}
        </Group>
      </Group>
      {query.error && <ErrorAlert error={query.error} />}
      {data && (
        <>
          <Card withBorder maw={480} data-testid="inspections-coverage">
            <Text size="sm" c="dimmed">
              {t('inspections.coverage')}
            </Text>
            <Text fw={700} size="lg">
              {t('inspections.coverageOf', { inspected: data.coverage.inspected, units: data.coverage.units })}
              {data.coverage.rate !== null && `, ${formatDecimal(data.coverage.rate, lang)} %`}
            </Text>
            <Progress value={data.coverage.rate ?? 0} mt="xs" />
            <Text size="sm" mt="xs">
              {t('inspections.plannedUnits', { count: data.coverage.planned })}
            </Text>
          </Card>

          {data.inspections.length === 0 && <Text c="dimmed">{t('inspections.none')}</Text>}
          {phone ? (
            <Stack data-testid="inspections-cards">
              {data.inspections.map((i) => (
                <Card withBorder key={i.id} data-testid={`inspection-${i.unitCode}`}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <Anchor component={Link} to={`/inspections/${i.id}`} fw={700}>
                      {i.unitName}
                    </Anchor>
                    <Badge color={STATUS_COLORS[i.status]}>{t(`inspections.statuses.${i.status}`)}</Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {plannedDates(i)}
                    {i.lead ? ` · ${t('inspections.leadName', { name: i.lead })}` : ''}
                  </Text>
                  <Text size="sm">{t('inspections.findingsCount', { count: i.findingCount })}</Text>
                  <ItemCounts items={i.items} />
                </Card>
              ))}
            </Stack>
          ) : (
            data.inspections.length > 0 && (
              <Table.ScrollContainer minWidth={760}>
                <Table striped highlightOnHover withTableBorder data-testid="inspections-table">
                  <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                    <Table.Tr>
                      <Table.Th>{t('inspections.unit')}</Table.Th>
                      <Table.Th>{t('inspections.plannedDates')}</Table.Th>
                      <Table.Th>{t('inspections.status')}</Table.Th>
                      <Table.Th>{t('inspections.lead')}</Table.Th>
                      <Table.Th ta="right">{t('inspections.findings')}</Table.Th>
                      <Table.Th>{t('inspections.remediation')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.inspections.map((i) => (
                      <Table.Tr
                        key={i.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() => navigate(`/inspections/${i.id}`)}
                        data-testid={`inspection-${i.unitCode}`}
                      >
                        <Table.Td>
                          <Anchor component={Link} to={`/inspections/${i.id}`} onClick={(e) => e.stopPropagation()}>
                            {i.unitName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{plannedDates(i)}</Table.Td>
                        <Table.Td>
                          <Badge color={STATUS_COLORS[i.status]}>{t(`inspections.statuses.${i.status}`)}</Badge>
                        </Table.Td>
                        <Table.Td>{i.lead ?? '—'}</Table.Td>
                        <Table.Td ta="right">{i.findingCount}</Table.Td>
                        <Table.Td>
                          <ItemCounts items={i.items} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          )}
        </>
      )}
      {creating && (
        <InspectionModal onClose={() => setCreating(false)} year={year} inspection={null} manage onCreated={(id) => navigate(`/inspections/${id}`)} />
      )}
    </Stack>
  );
}
