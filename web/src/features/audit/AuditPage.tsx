import { ActionIcon, Badge, Pagination, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from './api';
import { AuditDiff } from '../../components/AuditDiff';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';

const PAGE_SIZE = 50;
// The date range is in the province's calendar days, inclusive at both ends (Asia/Ho_Chi_Minh, no DST).
const localDayStart = (day: string) => `${day}T00:00:00.000+07:00`;
const localDayEnd = (day: string) => `${day}T23:59:59.999+07:00`;
// The codes the server records (src/modules/*/service.ts); unknown ones still display raw.
const ENTITY_TYPES = ['unit', 'block', 'user', 'setting', 'framework', 'round', 'score', 'results', 'evidence', 'file'];
const ACTIONS = ['create', 'update', 'delete', 'merge', 'split', 'password_change', 'password_reset', 'import', 'revise', 'clone', 'publish', 'correct'];
const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red' };

export function AuditPage() {
  const { t } = useTranslation();
  const [entityType, setEntityType] = useState('');
  const [entityId, setEntityId] = useState('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<string | null>(null);

  // Typing in a filter should not fire a request per key stroke.
  const current = useMemo(() => ({ entityType, entityId, actor, action, from, to }), [entityType, entityId, actor, action, from, to]);
  const [filters] = useDebouncedValue(current, 300);
  const audit = useAudit({
    entityType: filters.entityType.trim() || undefined,
    entityId: filters.entityId.trim() || undefined,
    actor: filters.actor.trim() || undefined,
    action: filters.action.trim() || undefined,
    from: filters.from ? localDayStart(filters.from) : undefined,
    to: filters.to ? localDayEnd(filters.to) : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const total = audit.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const setFilter = (setter: (v: string) => void) => (value: string) => {
    setter(value);
    setPage(1);
  };

  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 6 }} spacing="sm" verticalSpacing="xs">
        <Select
          label={t('audit.entityType')}
          data={ENTITY_TYPES.map((v) => ({ value: v, label: t(`audit.entities.${v}`) }))}
          value={entityType || null}
          onChange={(v) => setFilter(setEntityType)(v ?? '')}
          placeholder={t('common.all')}
          clearable
          data-testid="audit-entity-type"
        />
        <TextInput label={t('audit.entityId')} value={entityId} onChange={(e) => setFilter(setEntityId)(e.currentTarget.value)} />
        <TextInput label={t('audit.actor')} value={actor} onChange={(e) => setFilter(setActor)(e.currentTarget.value)} data-testid="audit-actor" />
        <Select
          label={t('audit.action')}
          data={ACTIONS.map((v) => ({ value: v, label: t(`audit.actions.${v}`) }))}
          value={action || null}
          onChange={(v) => setFilter(setAction)(v ?? '')}
          placeholder={t('common.all')}
          clearable
          data-testid="audit-action"
        />
        <TextInput type="date" label={t('audit.from')} value={from} onChange={(e) => setFilter(setFrom)(e.currentTarget.value)} data-testid="audit-from" />
        <TextInput type="date" label={t('audit.to')} value={to} onChange={(e) => setFilter(setTo)(e.currentTarget.value)} data-testid="audit-to" />
      </SimpleGrid>
      {audit.error && <ErrorAlert error={audit.error} />}
      <Text size="sm" c="dimmed">
        {t('audit.total', { count: total })}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table withTableBorder highlightOnHover data-testid="audit-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th w={40} />
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.entityType')}</Table.Th>
              <Table.Th>{t('audit.entityId')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(audit.data?.items ?? []).map((entry) => {
              const id = String(entry.id);
              const open = expanded === id;
              return (
                <Fragment key={id}>
                  <Table.Tr style={{ cursor: 'pointer' }} onClick={() => setExpanded(open ? null : id)}>
                    <Table.Td>
                      <ActionIcon variant="subtle" size="sm" aria-label={t('audit.details')} aria-expanded={open}>
                        {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
                    <Table.Td>{entry.actorUsername ?? t('audit.system')}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={ACTION_COLORS[entry.action] ?? 'gray'}>
                        {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{t(`audit.entities.${entry.entityType}`, { defaultValue: entry.entityType })}</Table.Td>
                    <Table.Td>{entry.entityId ?? '—'}</Table.Td>
                  </Table.Tr>
                  {open && (
                    <Table.Tr>
                      <Table.Td colSpan={6} bg="gray.0">
                        <AuditDiff before={entry.before} after={entry.after} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
            <EmptyRow colSpan={6} show={(audit.data?.items.length ?? 0) === 0 && !audit.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} data-testid="audit-pagination" />}
    </Stack>
  );
}
