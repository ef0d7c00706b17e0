import { ActionIcon, Badge, Pagination, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from './api';
import { AuditDiff } from '../../components/AuditDiff';
import { DateInput } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';

const PAGE_SIZE = 50;
// The date range is in the province's calendar days, inclusive at both ends (Asia/Ho_Chi_Minh, no DST).
const localDayStart = (day: string) => `${day}T00:00:00.000+07:00`;
const localDayEnd = (day: string) => `${day}T23:59:59.999+07:00`;
// The codes the server records (recordAudit in src/modules/*); their names are in i18n/audit-labels.*.json, unknown ones
// still display raw.
const ENTITY_TYPES = [
  'unit',
  'block',
  'user',
  'setting',
  'framework',
  'round',
  'assessment',
  'score',
  'results',
  'evidence',
  'file',
  'procedure',
  'calendar_year',
  'calendar_day',
  'apology_letter',
  'dossier_import',
  'dossier_year',
  'api_token',
  'survey_template',
  'survey_campaign',
  'survey_campaign_unit',
  'survey_response',
  'required_plans',
  'plans',
  'plan',
  'plan_task',
  'inspection',
  'inspection_finding',
  'remediation_item',
  'register_entry',
  'periodic_report',
  'report_deadlines',
];
const ACTIONS = [
  'create',
  'update',
  'delete',
  'merge',
  'split',
  'password_change',
  'password_reset',
  'import',
  'revise',
  'clone',
  'submit',
  'self_assess',
  'appraise',
  'explain',
  'council',
  'organizer_points',
  'extend',
  'approve',
  'publish',
  'correct',
  'revoke',
  'deny',
  'close',
  'reopen',
  'add_unit',
  'remove_unit',
  'set_target',
  'create_group',
  'update_group',
  'delete_group',
  'issue_links',
  'issue_kiosk_key',
  'paper_entry',
];
const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red', approve: 'teal', publish: 'teal', submit: 'cyan' };

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
          data={ENTITY_TYPES.map((v) => ({ value: v, label: t(`auditLabels.entities.${v}`) }))}
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
          data={ACTIONS.map((v) => ({ value: v, label: t(`auditLabels.actions.${v}`) }))}
          value={action || null}
          onChange={(v) => setFilter(setAction)(v ?? '')}
          placeholder={t('common.all')}
          clearable
          data-testid="audit-action"
        />
        <DateInput label={t('audit.from')} value={from} onChange={setFilter(setFrom)} clearable data-testid="audit-from" />
        <DateInput label={t('audit.to')} value={to} onChange={setFilter(setTo)} clearable data-testid="audit-to" />
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
                      <Tooltip label={t('auditLabels.rawCode', { code: entry.action })}>
                        <Badge variant="light" color={ACTION_COLORS[entry.action] ?? 'gray'} data-testid="audit-action-label" data-code={entry.action}>
                          {t(`auditLabels.actions.${entry.action}`, { defaultValue: entry.action })}
                        </Badge>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td data-testid="audit-entity-label" data-code={entry.entityType}>
                      {t(`auditLabels.entities.${entry.entityType}`, { defaultValue: entry.entityType })}
                    </Table.Td>
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
