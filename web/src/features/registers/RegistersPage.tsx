import { Badge, Button, Card, Group, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { REGISTER_KINDS, registerFieldSpecs, registerFileColumns } from '@server/domain/registers';
import { IconDownload, IconPencil, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { useLang, YearSelect } from '../../components/YearSelect';
import { currentYear } from '../../format';
import { useSession } from '../auth/api';
import { useUnits } from '../units/api';
import {
  type RegisterEntry,
  type RegisterImportResult,
  type RegisterKind,
  type RegisterList,
  registerUrls,
  useDeleteEntry,
  useRefreshRegisters,
  useRegisters,
} from './api';
import { EntryModal } from './EntryModal';

/**
 * The registers units report on (sổ theo dõi): a tab per register with its entries and totals. Unit staff see and edit
 * their own unit's; the organizer any unit's (or every unit's at once); the other roles read.
 */
export function RegistersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const unitStaff = user?.role === 'unit_officer' || user?.role === 'unit_leader';
  const [year, setYear] = useState(currentYear());
  const [unit, setUnit] = useState<string | null>(null);
  const [tab, setTab] = useState<RegisterKind>('legal_documents');
  const units = useUnits({ status: 'active' });
  const list = useRegisters(year, unitStaff ? null : unit);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('registers.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('registers.intro')}
          </Text>
        </div>
        <Group align="flex-end" wrap="wrap">
          {unitStaff ? (
            <TextInput label={t('registers.unit')} value={user?.unitName ?? user?.unitCode ?? ''} readOnly miw={260} data-testid="registers-unit" />
          ) : (
            <SearchSelect
              label={t('registers.unit')}
              placeholder={t('registers.pickUnit')}
              data={(units.data?.items ?? []).map(unitOption)}
              value={unit}
              onChange={setUnit}
              clearable
              miw={260}
              data-testid="registers-unit"
            />
          )}
          <YearSelect value={year} onChange={setYear} label={t('registers.year')} testId="registers-year" />
        </Group>
      </Group>
      {list.error && <ErrorAlert error={list.error} />}
      <Tabs value={tab} onChange={(v) => v && setTab(v as RegisterKind)} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {REGISTER_KINDS.map((kind) => (
            <Tabs.Tab key={kind} value={kind} data-testid={`registers-tab-${kind}`}>
              {t(`registers.kinds.${kind}`)}
              {list.data ? ` (${list.data.totals[kind] ?? 0})` : ''}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {REGISTER_KINDS.map((kind) => (
          <Tabs.Panel key={kind} value={kind} pt="md">
            {list.data && <RegisterPanel list={list.data} register={kind} year={year} />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/** The register's totals in a sentence: "3 văn bản ban hành, 1 sửa đổi, 1 đề nghị bãi bỏ". */
function totalsText(t: (key: string, params?: Record<string, unknown>) => string, list: RegisterList, register: RegisterKind): string {
  const c = list.counts;
  switch (register) {
    case 'legal_documents':
      return t('registers.totals.legal_documents', {
        issued: c.legalDocumentsIssued,
        amended: c.legalDocumentsAmended,
        repeal: c.legalDocumentsRepealProposed,
      });
    case 'procedure_reviews':
      return t('registers.totals.procedure_reviews', { abolish: c.proceduresProposedAbolished, simplify: c.proceduresProposedSimplified });
    case 'training_courses':
      return t('registers.totals.training_courses', { courses: c.trainingCourses, participants: c.trainingParticipants });
    case 'contests':
      return t('registers.totals.contests', { contests: c.contests, participants: c.contestParticipants });
    case 'knowledge_tests':
      return t('registers.totals.knowledge_tests', { participants: c.knowledgeTestParticipants, passed: c.knowledgeTestPassed });
    case 'quality_system':
      if (list.unitCode === null) return t('registers.totals.quality_system_all', { units: c.isoApplied, audits: c.isoInternalAudits });
      return t(c.isoApplied ? 'registers.totals.quality_system_unit_applied' : 'registers.totals.quality_system_unit_not', { audits: c.isoInternalAudits });
  }
}

function RegisterPanel({ list, register, year }: { list: RegisterList; register: RegisterKind; year: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const phone = useMediaQuery('(max-width: 48em)');
  const refresh = useRefreshRegisters();
  const remove = useDeleteEntry();
  const [form, setForm] = useState<{ entry: RegisterEntry | null } | null>(null);
  const [deleting, setDeleting] = useState<RegisterEntry | null>(null);
  const [importing, setImporting] = useState(false);
  const entries = list.entries.filter((e) => e.register === register);
  const specs = registerFieldSpecs(register);
  const allUnits = list.unitCode === null;
  const registerName = t(`registers.kinds.${register}`);
  // The codes a file writes for each choice, with their meaning: "action: issued (Ban hành mới), …".
  const choiceCodes = specs
    .flatMap(([field, spec]) => (spec.type === 'choice' ? [`${field}: ${spec.options.map((o) => `${o} (${t(`registers.choices.${o}`)})`).join(', ')}.`] : []))
    .join(' ');
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN');
  const value = (entry: RegisterEntry, field: string) => {
    const v = entry.data[field];
    if (v === undefined) return '—';
    if (typeof v === 'number') return number(v);
    const spec = specs.find(([name]) => name === field)?.[1];
    return spec?.type === 'choice' ? t(`registers.choices.${v}`) : v;
  };
  const actions = (entry: RegisterEntry) =>
    entry.can.edit && (
      <Group gap={4} wrap="nowrap">
        <RowAction label={t('common.edit')} onClick={() => setForm({ entry })}>
          <IconPencil size={16} />
        </RowAction>
        <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(entry)}>
          <IconTrash size={16} />
        </RowAction>
      </Group>
    );

  return (
    <Stack>
      <Card withBorder padding="sm" data-testid={`registers-totals-${register}`}>
        <Text size="sm" c="dimmed">
          {t(`registers.kindTitles.${register}`)}
          {allUnits ? ` · ${t('registers.allUnits')}` : ` · ${list.unitName ?? list.unitCode}`}
        </Text>
        <Text fw={700}>{totalsText(t, list, register)}</Text>
      </Card>
      <Group gap="xs" wrap="wrap">
        {list.can.create && (
          <>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ entry: null })} data-testid="register-add">
              {t('registers.add')}
            </Button>
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)} data-testid="register-import">
              {t('registers.import')}
            </Button>
          </>
        )}
        {(['xlsx', 'csv'] as const).map((format) => (
          <Button
            key={format}
            component="a"
            href={registerUrls.export(year, register, format, list.unitCode)}
            variant="default"
            leftSection={<IconDownload size={16} />}
            data-testid={`register-export-${format}`}
          >
            {t('registers.export')} {format.toUpperCase()}
          </Button>
        ))}
      </Group>

      {phone ? (
        <Stack gap="xs" data-testid={`register-entries-${register}`}>
          {entries.length === 0 && <Text c="dimmed">{t('registers.none')}</Text>}
          {entries.map((entry) => (
            <Card key={entry.id} withBorder padding="xs" data-testid={`register-entry-${entry.code}`}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} size="sm">
                  {entry.code} · {entry.title}
                </Text>
                {actions(entry)}
              </Group>
              <Text size="xs" c="dimmed" mt={4}>
                {allUnits ? `${entry.unitName} · ` : ''}
                {t('registers.date')}: {displayDate(entry.entryDate)}
              </Text>
              <Group gap="xs" mt={4}>
                {specs.map(([field]) => (
                  <Badge key={field} variant="light" color="gray" tt="none">
                    {t(`registers.fields.${field}`)}: {value(entry, field)}
                  </Badge>
                ))}
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder data-testid={`register-entries-${register}`}>
            <Table.Thead style={{ whiteSpace: 'nowrap' }}>
              <Table.Tr>
                {allUnits && <Table.Th>{t('registers.unit')}</Table.Th>}
                <Table.Th>{t('registers.code')}</Table.Th>
                <Table.Th>{t('registers.entryTitle')}</Table.Th>
                <Table.Th>{t('registers.date')}</Table.Th>
                {specs.map(([field, spec]) => (
                  <Table.Th key={field} ta={spec.type === 'count' ? 'right' : undefined}>
                    {t(`registers.fields.${field}`)}
                  </Table.Th>
                ))}
                <Table.Th w={80} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.id} data-testid={`register-entry-${entry.code}`}>
                  {allUnits && <Table.Td>{entry.unitName}</Table.Td>}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.code}</Table.Td>
                  <Table.Td>{entry.title}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{displayDate(entry.entryDate)}</Table.Td>
                  {specs.map(([field, spec]) => (
                    <Table.Td key={field} ta={spec.type === 'count' ? 'right' : undefined}>
                      {value(entry, field)}
                    </Table.Td>
                  ))}
                  <Table.Td>{actions(entry)}</Table.Td>
                </Table.Tr>
              ))}
              <EmptyRow colSpan={specs.length + (allUnits ? 5 : 4)} show={entries.length === 0} />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {form && (
        <EntryModal key={form.entry?.id ?? 'new'} onClose={() => setForm(null)} year={year} register={register} unit={list.unitCode} entry={form.entry} />
      )}
      <ImportModal<RegisterImportResult>
        opened={importing}
        onClose={() => setImporting(false)}
        title={t('registers.importTitle', { register: registerName, year })}
        path={registerUrls.importPath}
        query={{ year, register }}
        columns={registerFileColumns(register).join(',')}
        description={[t('registers.importHint', { columns: registerFileColumns(register).join(',') }), choiceCodes].filter(Boolean).join(' ')}
        onImported={(r) => {
          void refresh();
          notifications.show({ color: 'green', message: t('registers.imported', r) });
          setImporting(false);
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('registers.deleteEntry')}
        message={t('registers.confirmDelete', {
          code: deleting?.code ?? '',
          title: deleting?.title ?? '',
          unit: deleting?.unitName ?? '',
          register: registerName,
          year,
        })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
      />
    </Stack>
  );
}
