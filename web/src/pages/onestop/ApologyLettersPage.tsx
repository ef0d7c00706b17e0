import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Grid,
  Group,
  Modal,
  Pagination,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconEye, IconFileText, IconMailForward, IconRestore } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import {
  type ApologyTemplate,
  type LateDossier,
  type LateDossierFilter,
  type LetterCountRow,
  type RenderedLetter,
  formatLocalDate,
  letterHref,
  lettersHref,
  localToday,
  sampleLetterHref,
  useBulkIssue,
  useIssueLetter,
  useLateDossiers,
  useLetterCounts,
  useLetterTemplate,
  usePreviewTemplate,
  useResetTemplate,
  useSaveTemplate,
} from '../../api/apology';
import { useUnits } from '../../api/queries';
import { isAdmin, useSession } from '../../auth/session';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { EmptyRow } from '../../components/TableParts';
import { useFieldErrors } from '../../components/fieldErrors';

const PAGE_SIZE = 50;
const ISSUER_ROLES = new Set(['admin', 'unit_officer', 'unit_leader']);

// ---------------------------------------------------------------------------------------------------------------
// Issuing one letter

function IssueModal({ dossier, onClose }: { dossier: LateDossier | null; onClose: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const issue = useIssueLetter();
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  useEffect(() => {
    issue.reset();
    setReason(dossier?.letter?.reason ?? '');
    setDate(dossier?.letter?.newAppointmentDate ?? '');
    setIssuedOn(dossier?.letter?.issuedOn ?? localToday());
  }, [dossier?.code]);
  if (!dossier) return null;
  const errors = fieldErrorsOf(issue.error);
  const submit = () =>
    issue.mutate(
      { code: dossier.code, body: { reason, newAppointmentDate: date, issuedOn } },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t(r.created ? 'apology.issued' : 'apology.updated', { code: r.dossierCode }) });
          onClose();
        },
      },
    );
  return (
    <Modal opened onClose={onClose} title={dossier.letter ? t('apology.editTitle') : t('apology.issueTitle')} size="lg">
      <Stack>
        <Text size="sm">
          <b>{dossier.code}</b> · {dossier.procedureName}
        </Text>
        <Text size="sm" c="dimmed">
          {t('apology.received')}: {formatLocalDate(dossier.receivedDate)} · {t('apology.due')}: {formatLocalDate(dossier.dueDate)}
          {dossier.resolvedDate ? ` · ${t('apology.resolved')}: ${formatLocalDate(dossier.resolvedDate)}` : ''}
        </Text>
        <Textarea
          label={t('apology.reason')}
          description={t('apology.reasonHint')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          required
          autosize
          minRows={3}
          maxLength={2000}
          data-testid="letter-reason"
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            type="date"
            label={t('apology.newAppointmentDate')}
            description={t('apology.newDateHint')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={errors.newAppointmentDate}
            required
            data-testid="letter-date"
          />
          <TextInput
            type="date"
            label={t('apology.issuedOn')}
            description={t('apology.issuedOnHint')}
            value={issuedOn}
            onChange={(e) => setIssuedOn(e.currentTarget.value)}
            error={errors.issuedOn}
            data-testid="letter-issued-on"
          />
        </SimpleGrid>
        {issue.error ? <ErrorAlert error={issue.error} hideFieldIssues={['reason', 'newAppointmentDate', 'issuedOn']} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconMailForward size={16} />} loading={issue.isPending} disabled={!reason.trim() || !date} onClick={submit} data-testid="letter-submit">
            {dossier.letter ? t('common.save') : t('apology.issue')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Issuing several letters at once

function BulkModal({ codes, onClose }: { codes: string[] | null; onClose: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkIssue();
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  useEffect(() => bulk.reset(), [codes]);
  if (!codes) return null;
  const submit = () =>
    bulk.mutate(
      { reason, newAppointmentDate: date, letters: codes.map((dossierCode) => ({ dossierCode })) },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t('apology.bulkIssued', { count: r.items.length }) });
          setReason('');
          setDate('');
          onClose();
        },
      },
    );
  return (
    <Modal opened onClose={onClose} title={t('apology.bulkTitle', { count: codes.length })} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('apology.bulkHint')}
        </Text>
        <Text size="sm">{codes.join(', ')}</Text>
        <Textarea label={t('apology.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={3} maxLength={2000} data-testid="bulk-reason" />
        <TextInput type="date" label={t('apology.newAppointmentDate')} value={date} onChange={(e) => setDate(e.currentTarget.value)} required data-testid="bulk-date" />
        {bulk.error ? <ErrorAlert error={bulk.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconMailForward size={16} />} loading={bulk.isPending} disabled={!reason.trim() || !date} onClick={submit} data-testid="bulk-submit">
            {t('apology.issueAll', { count: codes.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The list of dossiers that need a letter

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

function DossiersTab({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const units = useUnits();
  const [filter, setFilter] = useState<Omit<LateDossierFilter, 'limit' | 'offset'>>({ dateBy: 'due' });
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
  const colSpan = admin ? 9 : 8;

  return (
    <Stack>
      <Grid gap="sm" rowGap="xs">
        {admin && (
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <SearchSelect
              label={t('apology.unit')}
              data={(units.data?.items ?? []).map(unitOption)}
              value={filter.unit ?? null}
              onChange={(v) => update({ unit: v ?? undefined })}
              clearable
              data-testid="filter-unit"
            />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 6, sm: 3, md: 2 }}>
          <Select
            label={t('apology.state')}
            data={[
              { value: 'all', label: t('common.all') },
              { value: 'late', label: t('apology.states.late') },
              { value: 'overdue', label: t('apology.states.overdue') },
            ]}
            value={filter.state ?? 'all'}
            onChange={(v) => update({ state: v === 'late' || v === 'overdue' ? v : undefined })}
            allowDeselect={false}
            data-testid="filter-state"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3, md: 2 }}>
          <Select
            label={t('apology.letterFilter')}
            data={[
              { value: 'all', label: t('common.all') },
              { value: 'without', label: t('apology.noLetter') },
              { value: 'with', label: t('apology.hasLetter') },
            ]}
            value={filter.letter ?? 'all'}
            onChange={(v) => update({ letter: v === 'with' || v === 'without' ? v : undefined })}
            allowDeselect={false}
            data-testid="filter-letter"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <TextInput label={t('apology.field')} value={filter.field ?? ''} onChange={(e) => update({ field: e.currentTarget.value || undefined })} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
          <Select
            label={t('apology.dateBy')}
            data={[
              { value: 'due', label: t('apology.dateByDue') },
              { value: 'resolved', label: t('apology.dateByResolved') },
            ]}
            value={filter.dateBy ?? 'due'}
            onChange={(v) => update({ dateBy: v === 'resolved' ? 'resolved' : 'due' })}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>
          <TextInput type="date" label={t('apology.from')} value={filter.from ?? ''} onChange={(e) => update({ from: e.currentTarget.value || undefined })} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>
          <TextInput type="date" label={t('apology.to')} value={filter.to ?? ''} onChange={(e) => update({ to: e.currentTarget.value || undefined })} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <TextInput label={t('apology.dossierCode')} value={filter.q ?? ''} onChange={(e) => update({ q: e.currentTarget.value || undefined })} data-testid="filter-code" />
        </Grid.Col>
      </Grid>

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
              {admin && <Table.Th>{t('apology.unit')}</Table.Th>}
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
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.code}</Table.Td>
                {admin && <Table.Td>{d.unitName}</Table.Td>}
                <Table.Td>
                  <Text size="sm">{d.procedureName}</Text>
                  <Text size="xs" c="dimmed">
                    {d.field}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatLocalDate(d.dueDate)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{d.state === 'late' ? t('apology.resolvedLate', { date: formatLocalDate(d.resolvedDate) }) : t('apology.states.overdue')}</Text>
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

      <IssueModal dossier={editing} onClose={() => setEditing(null)} />
      <BulkModal
        codes={bulkCodes}
        onClose={() => {
          setBulkCodes(null);
          setSelected(new Set());
        }}
      />
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Counts

function CountsTab() {
  const { t } = useTranslation();
  const year = localToday().slice(0, 4);
  const [by, setBy] = useState<'unit' | 'field'>('unit');
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(localToday());
  const counts = useLetterCounts(by, from, to, Boolean(from && to));
  const rows = counts.data?.rows ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => (by === 'unit' ? r.key : r.name)) },
      series: [
        { name: t('apology.letters'), type: 'bar', stack: 'all', data: rows.map((r) => r.letters), itemStyle: { color: '#2f9e44' } },
        { name: t('apology.missing'), type: 'bar', stack: 'all', data: rows.map((r) => r.missing), itemStyle: { color: '#e03131' } },
      ],
    }),
    [rows, by, t],
  );
  const line = (r: LetterCountRow, testId?: string, bold = false) => (
    <Table.Tr key={r.key || 'total'} data-testid={testId} fw={bold ? 700 : undefined}>
      <Table.Td>{r.key === '' ? t('apology.total') : r.name}</Table.Td>
      <Table.Td ta="right">{r.late}</Table.Td>
      <Table.Td ta="right">{r.overdue}</Table.Td>
      <Table.Td ta="right">{r.letters}</Table.Td>
      <Table.Td ta="right">{r.missing}</Table.Td>
      <Table.Td ta="right">{r.issued}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Grid gap="sm" rowGap="xs" align="flex-end">
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput type="date" label={t('apology.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="counts-from" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput type="date" label={t('apology.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="counts-to" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SegmentedControl
            value={by}
            onChange={(v) => setBy(v === 'field' ? 'field' : 'unit')}
            data={[
              { value: 'unit', label: t('apology.byUnit') },
              { value: 'field', label: t('apology.byField') },
            ]}
            data-testid="counts-by"
          />
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        {t('apology.countsHint')}
      </Text>
      {counts.error && <ErrorAlert error={counts.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder striped data-testid="letter-counts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{by === 'unit' ? t('apology.unit') : t('apology.field')}</Table.Th>
              <Table.Th ta="right">{t('apology.lateCount')}</Table.Th>
              <Table.Th ta="right">{t('apology.overdueCount')}</Table.Th>
              <Table.Th ta="right">{t('apology.letters')}</Table.Th>
              <Table.Th ta="right">{t('apology.missing')}</Table.Th>
              <Table.Th ta="right">{t('apology.issuedInPeriod')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => line(r, `count-${r.key}`))}
            {counts.data && rows.length > 0 && line(counts.data.total, 'count-total', true)}
            <EmptyRow colSpan={6} show={!counts.isPending && rows.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > 0 && <EChart option={option} height={Math.max(160, rows.length * 28 + 60)} ariaLabel={t('apology.chartLabel')} testId="letter-counts-chart" />}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Template editor (the organizer)

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
const paragraphsOf = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

interface TemplateForm {
  letterhead: string;
  place: string;
  applicant: string;
  dateLine: string;
  title: string;
  salutation: string;
  paragraphs: string;
  signatureTitle: string;
  signatureNote: string;
  signerName: string;
  recipients: string;
}

const toForm = (t: ApologyTemplate): TemplateForm => ({
  ...t,
  letterhead: t.letterhead.join('\n'),
  paragraphs: t.paragraphs.join('\n\n'),
  recipients: t.recipients.join('\n'),
});
const fromForm = (f: TemplateForm): ApologyTemplate => ({
  ...f,
  letterhead: lines(f.letterhead),
  paragraphs: paragraphsOf(f.paragraphs),
  recipients: lines(f.recipients),
});

function LetterPreview({ letter }: { letter: RenderedLetter }) {
  return (
    <Paper withBorder p="md" data-testid="template-preview" style={{ fontFamily: '"Times New Roman", serif' }}>
      <SimpleGrid cols={2} spacing="xs">
        <Stack gap={0} align="center">
          {letter.letterhead.map((l, i) => (
            <Text key={i} fw={700} size="sm" ta="center">
              {l.toUpperCase()}
            </Text>
          ))}
        </Stack>
        <Stack gap={0} align="center">
          <Text fw={700} size="sm" ta="center">
            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
          </Text>
          <Text fw={700} size="sm" ta="center">
            Độc lập - Tự do - Hạnh phúc
          </Text>
          <Text fs="italic" size="sm" ta="center" mt="xs">
            {letter.dateLine}
          </Text>
        </Stack>
      </SimpleGrid>
      <Text fw={700} ta="center" mt="lg">
        {letter.title}
      </Text>
      <Text ta="center" my="sm">
        {letter.salutation}
      </Text>
      {letter.paragraphs.map((p, i) => (
        <Text key={i} size="sm" mb={6} style={{ textIndent: '2em', textAlign: 'justify' }}>
          {p}
        </Text>
      ))}
      <SimpleGrid cols={2} mt="md">
        <Stack gap={0}>
          {letter.recipients.map((r, i) => (
            <Text key={i} size="xs" fw={i === 0 ? 700 : undefined}>
              {r}
            </Text>
          ))}
        </Stack>
        <Stack gap={0} align="center">
          <Text fw={700} size="sm">
            {letter.signatureTitle}
          </Text>
          <Text fs="italic" size="xs">
            {letter.signatureNote}
          </Text>
          {letter.signerName && (
            <Text fw={700} size="sm" mt={40}>
              {letter.signerName}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

function TemplateTab() {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const current = useLetterTemplate();
  const save = useSaveTemplate();
  const reset = useResetTemplate();
  const preview = usePreviewTemplate();
  const [form, setForm] = useState<TemplateForm | null>(null);
  useEffect(() => {
    if (current.data) setForm(toForm(current.data.template));
  }, [current.data]);
  if (current.error) return <ErrorAlert error={current.error} />;
  if (!form || !current.data) return null;
  const set = (key: keyof TemplateForm) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => (f ? { ...f, [key]: value } : f));
  };
  const error = save.error ?? preview.error;
  const issues = fieldErrorsOf(error);
  const issueFor = (prefix: string) => Object.entries(issues).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
  const onSave = () =>
    save.mutate(fromForm(form), {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('apology.templateSaved') });
        preview.mutate(fromForm(form));
      },
    });

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {current.data.isDefault ? t('apology.templateIsDefault') : t('apology.templateIsCustom')}
          </Text>
          <Textarea label={t('apology.tpl.letterhead')} description={t('apology.tpl.onePerLine')} value={form.letterhead} onChange={set('letterhead')} error={issueFor('letterhead')} autosize minRows={2} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('apology.tpl.place')} value={form.place} onChange={set('place')} error={issueFor('place')} data-testid="tpl-place" />
            <TextInput label={t('apology.tpl.applicant')} value={form.applicant} onChange={set('applicant')} error={issueFor('applicant')} />
          </SimpleGrid>
          <TextInput label={t('apology.tpl.dateLine')} value={form.dateLine} onChange={set('dateLine')} error={issueFor('dateLine')} />
          <TextInput label={t('apology.tpl.title')} value={form.title} onChange={set('title')} error={issueFor('title')} />
          <TextInput label={t('apology.tpl.salutation')} value={form.salutation} onChange={set('salutation')} error={issueFor('salutation')} />
          <Textarea
            label={t('apology.tpl.paragraphs')}
            description={t('apology.tpl.paragraphsHint')}
            value={form.paragraphs}
            onChange={set('paragraphs')}
            error={issueFor('paragraphs')}
            autosize
            minRows={8}
            data-testid="tpl-paragraphs"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('apology.tpl.signatureTitle')} value={form.signatureTitle} onChange={set('signatureTitle')} error={issueFor('signatureTitle')} />
            <TextInput label={t('apology.tpl.signerName')} value={form.signerName} onChange={set('signerName')} error={issueFor('signerName')} />
          </SimpleGrid>
          <TextInput label={t('apology.tpl.signatureNote')} value={form.signatureNote} onChange={set('signatureNote')} error={issueFor('signatureNote')} />
          <Textarea label={t('apology.tpl.recipients')} description={t('apology.tpl.onePerLine')} value={form.recipients} onChange={set('recipients')} error={issueFor('recipients')} autosize minRows={2} />
          {error ? <ErrorAlert error={error} /> : null}
          <Group gap="xs">
            <Button onClick={onSave} loading={save.isPending} data-testid="tpl-save">
              {t('common.save')}
            </Button>
            <Button variant="default" leftSection={<IconEye size={16} />} onClick={() => preview.mutate(fromForm(form))} loading={preview.isPending} data-testid="tpl-preview">
              {t('apology.preview')}
            </Button>
            <Button component="a" href={sampleLetterHref()} download variant="default" leftSection={<IconFileText size={16} />} data-testid="tpl-sample">
              {t('apology.sampleDocx')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconRestore size={16} />}
              disabled={current.data.isDefault}
              loading={reset.isPending}
              onClick={() => reset.mutate(undefined, { onSuccess: () => notifications.show({ message: t('apology.templateReset') }) })}
            >
              {t('apology.resetTemplate')}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="xs">
          <Title order={5}>{t('apology.placeholders')}</Title>
          <Stack gap={2}>
            {Object.entries(current.data.placeholders).map(([name, meaning]) => (
              <Text key={name} size="xs">
                <Code>{`{{${name}}}`}</Code> {meaning}
              </Text>
            ))}
          </Stack>
          {preview.data && <LetterPreview letter={preview.data} />}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

// ---------------------------------------------------------------------------------------------------------------

export function ApologyLettersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  const issuer = ISSUER_ROLES.has(user?.role ?? '');
  const [params, setParams] = useSearchParams();
  const tabs = [...(issuer ? ['dossiers'] : []), 'counts', ...(admin ? ['template'] : [])];
  const requested = params.get('tab') ?? '';
  const tab = tabs.includes(requested) ? requested : tabs[0]!;
  return (
    <Stack>
      <Title order={2}>{t('onestop.ApologyLettersPage')}</Title>
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          {issuer && (
            <Tabs.Tab value="dossiers" data-testid="tab-dossiers">
              {t('apology.tabs.dossiers')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="counts" data-testid="tab-counts">
            {t('apology.tabs.counts')}
          </Tabs.Tab>
          {admin && (
            <Tabs.Tab value="template" data-testid="tab-template">
              {t('apology.tabs.template')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        {issuer && (
          <Tabs.Panel value="dossiers" pt="md">
            <DossiersTab admin={admin} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="counts" pt="md">
          <CountsTab />
        </Tabs.Panel>
        {admin && (
          <Tabs.Panel value="template" pt="md">
            <TemplateTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
