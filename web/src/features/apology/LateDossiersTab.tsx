import { Anchor, Badge, Button, Checkbox, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatLocalDate, type LateDossier, type LateDossierFilter, letterHref, lettersHref, useLateDossiers } from './api';
import { BulkIssueModal } from './BulkIssueModal';
import { IssueLetterModal } from './IssueLetterModal';
import { LateDossiersFilters } from './LateDossiersFilters';

const PAGE_SIZE = 50;

function LetterBadge({ dossier }: { dossier: LateDossier }) {
  const { t } = useTranslation();
  return dossier.letter ? (
    <Badge color="green" variant="light" data-testid={`letter-status-${dossier.code}`}>
      {t('apology.hasLetter')}
    </Badge>
  ) : (
    <Badge color="red" variant="light" data-testid={`letter-status-${dossier.code}`}>
      {t('apology.noLetter')}
    </Badge>
  );
}

/** The late and overdue dossiers the caller may see, to issue, edit and print their letters. */
export function LateDossiersTab({ chooseUnit }: { chooseUnit: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<LateDossierFilter>({ dateBy: 'due' });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<LateDossier | null>(null);
  const [bulkCodes, setBulkCodes] = useState<string[] | null>(null);
  const list = useLateDossiers({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const items = list.data?.items ?? [];
  const pages = Math.ceil((list.data?.total ?? 0) / PAGE_SIZE);
  const update = (patch: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
    setSelected(new Set());
  };
  const toggle = (code: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  const chosen = items.filter((d) => selected.has(d.code));
  const toIssue = chosen.filter((d) => !d.letter).map((d) => d.code);
  const toPrint = chosen.filter((d) => d.letter).map((d) => d.code);
  const allChecked = items.length > 0 && items.every((d) => selected.has(d.code));
  const colSpan = chooseUnit ? 9 : 8;

  return (
    <Stack>
      <LateDossiersFilters filter={filter} update={update} chooseUnit={chooseUnit} />

      {list.error && <ErrorAlert error={list.error} />}
      {list.data && (
        <Text size="sm" c="dimmed" data-testid="late-summary">
          {t('apology.summary', { total: list.data.total, without: list.data.withoutLetter })}
        </Text>
      )}

      <Group gap="xs">
        <Button leftSection={<IconMailForward size={16} />} disabled={toIssue.length === 0} onClick={() => setBulkCodes(toIssue)} data-testid="bulk-issue">
          {t('apology.issueSelected', { count: toIssue.length })}
        </Button>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          disabled={toPrint.length === 0}
          component="a"
          href={toPrint.length ? lettersHref(toPrint) : undefined}
          download
          data-testid="bulk-download"
        >
          {t('apology.downloadSelected', { count: toPrint.length })}
        </Button>
      </Group>

      <Table.ScrollContainer minWidth={860}>
        <Table withTableBorder striped highlightOnHover data-testid="late-dossiers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox
                  aria-label={t('apology.selectAll')}
                  checked={allChecked}
                  indeterminate={selected.size > 0 && !allChecked}
                  onChange={() => setSelected(allChecked ? new Set() : new Set(items.map((d) => d.code)))}
                />
              </Table.Th>
              <Table.Th>{t('apology.dossierCode')}</Table.Th>
              {chooseUnit && <Table.Th>{t('apology.unit')}</Table.Th>}
              <Table.Th>{t('apology.procedure')}</Table.Th>
              <Table.Th>{t('apology.due')}</Table.Th>
              <Table.Th>{t('apology.state')}</Table.Th>
              <Table.Th>{t('apology.letter')}</Table.Th>
              <Table.Th>{t('apology.newAppointmentDate')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.code} data-testid={`late-${d.code}`}>
                <Table.Td>
                  <Checkbox aria-label={d.code} checked={selected.has(d.code)} onChange={() => toggle(d.code)} data-testid={`select-${d.code}`} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/dossiers/${encodeURIComponent(d.code)}`} size="sm" data-testid={`late-open-${d.code}`}>
                    {d.code}
                  </Anchor>
                </Table.Td>
                {chooseUnit && <Table.Td>{d.unitName}</Table.Td>}
                <Table.Td>
                  <Text size="sm">{d.procedureName}</Text>
                  <Text size="xs" c="dimmed">
                    {d.field}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatLocalDate(d.dueDate)}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {d.state === 'late' ? t('apology.resolvedLate', { date: formatLocalDate(d.resolvedDate) }) : t('apology.states.overdue')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('apology.workingDaysLate', { count: d.workingDaysLate })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <LetterBadge dossier={d} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.letter ? formatLocalDate(d.letter.newAppointmentDate) : '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => setEditing(d)} data-testid={`issue-${d.code}`}>
                      {d.letter ? t('common.edit') : t('apology.issue')}
                    </Button>
                    {d.letter && (
                      <Anchor href={letterHref(d.code)} download size="sm" data-testid={`download-${d.code}`}>
                        <Group gap={2} wrap="nowrap">
                          <IconDownload size={16} />
                          DOCX
                        </Group>
                      </Anchor>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={colSpan} show={!list.isPending && items.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}

      <IssueLetterModal key={editing?.code ?? ''} dossier={editing} onClose={() => setEditing(null)} />
      <BulkIssueModal
        codes={bulkCodes}
        onClose={() => {
          setBulkCodes(null);
          setSelected(new Set());
        }}
      />
    </Stack>
  );
}
