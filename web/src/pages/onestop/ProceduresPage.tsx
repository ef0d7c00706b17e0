import {
  Badge,
  Button,
  Grid,
  Group,
  Menu,
  Modal,
  NumberInput,
  Pagination,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  Autocomplete,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPencil, IconPlus, IconSearch, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cutHundredths } from '../../../../src/domain/procedures';
import { api, buildUrl, isStaleVersion } from '../../api/client';
import { useUnits } from '../../api/queries';
import {
  ONLINE_LEVELS,
  type OnlineLevel,
  type Procedure,
  type ProcedureImportResult,
  type ProcedureInput,
  procedureKeys,
  type ProcedureStats,
  useProcedureFacets,
  useProcedures,
  useProcedureStats,
} from '../../api/procedures';
import { isAdmin, useSession } from '../../auth/session';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { formatDecimal } from '../../format';
import { OnlineLevelBadge, useFeeText } from './PublicProceduresPage';
import { useFieldErrors } from '../../components/fieldErrors';

const PAGE_SIZE = 50;
function cutText(p: { legalDays: number; internalDays: number }, lang: string) {
  const h = cutHundredths(p);
  return h === null || h === 0 ? '—' : `${formatDecimal(h / 100, lang)} %`;
}

const emptyForm = (): ProcedureInput & { code: string } => ({
  code: '',
  name: '',
  field: '',
  unitCode: '',
  legalDays: 0,
  internalDays: 0,
  onlineLevel: 'none',
  fee: null,
  published: true,
});

/** Create when `procedure` is null, otherwise edit (the code of a procedure never changes). */
function ProcedureFormModal({ procedure, opened, onClose, fields }: { procedure: Procedure | null; opened: boolean; onClose: () => void; fields: string[] }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const units = useUnits({ status: 'active' });
  const [form, setForm] = useState(emptyForm);
  const [last, setLast] = useState<Procedure | null | undefined>(undefined);
  if (opened && last !== procedure) {
    setLast(procedure);
    setForm(procedure ? { ...procedure } : emptyForm());
  }
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      const { code, ...rest } = form;
      const body: ProcedureInput = {
        name: rest.name.trim(),
        field: rest.field.trim(),
        unitCode: rest.unitCode,
        legalDays: rest.legalDays,
        internalDays: rest.internalDays,
        onlineLevel: rest.onlineLevel,
        fee: rest.fee,
        published: rest.published,
      };
      // The version the form was opened on: a change over someone else's meanwhile gets 409 stale_version.
      return procedure
        ? api.patch<Procedure>(`/procedures/${encodeURIComponent(procedure.code)}`, body, { ifMatch: procedure.version })
        : api.post<Procedure>('/procedures', { code: code.trim(), ...body });
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: procedureKeys.all });
      notifications.show({ color: 'green', message: t(procedure ? 'procedures.saved' : 'procedures.created', { code: saved.code }) });
      close();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: procedureKeys.all });
    },
  });
  const close = () => {
    save.reset();
    setLast(undefined);
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const errors = fieldErrorsOf(save.error);
  const shown = ['code', 'name', 'field', 'unitCode', 'legalDays', 'internalDays', 'onlineLevel', 'fee', 'published'];

  return (
    <Modal opened={opened} onClose={close} title={procedure ? t('procedures.editTitle', { code: procedure.code }) : t('procedures.createTitle')} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {save.error && <ErrorAlert error={save.error} hideFieldIssues={shown} />}
          <TextInput label={t('procedures.code')} value={form.code} onChange={(e) => set('code', e.currentTarget.value)} error={errors.code} disabled={!!procedure} required data-testid="procedure-form-code" />
          <TextInput label={t('procedures.name')} value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} required data-testid="procedure-form-name" />
          <Autocomplete label={t('procedures.field')} data={fields} value={form.field} onChange={(v) => set('field', v)} error={errors.field} required data-testid="procedure-form-field" />
          <SearchSelect
            label={t('procedures.unit')}
            data={(units.data?.items ?? []).map(unitOption)}
            value={form.unitCode || null}
            onChange={(v) => set('unitCode', v ?? '')}
            error={errors.unitCode}
            required
            data-testid="procedure-form-unit"
          />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, xs: 6 }}>
              <NumberInput
                label={t('procedures.legalDays')}
                description={t('procedures.daysUnit')}
                value={form.legalDays}
                onChange={(v) => set('legalDays', typeof v === 'number' ? v : 0)}
                min={0}
                max={1000}
                allowDecimal={false}
                error={errors.legalDays}
                data-testid="procedure-form-legal"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6 }}>
              <NumberInput
                label={t('procedures.internalDays')}
                description={t('procedures.internalHint')}
                value={form.internalDays}
                onChange={(v) => set('internalDays', typeof v === 'number' ? v : 0)}
                min={0}
                max={1000}
                allowDecimal={false}
                error={errors.internalDays}
                data-testid="procedure-form-internal"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6 }}>
              <Select
                label={t('procedures.online')}
                data={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`procedures.level.${l}`) }))}
                value={form.onlineLevel}
                onChange={(v) => v && set('onlineLevel', v as OnlineLevel)}
                allowDeselect={false}
                error={errors.onlineLevel}
                data-testid="procedure-form-online"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6 }}>
              <NumberInput
                label={t('procedures.fee')}
                description={t('procedures.feeHint')}
                value={form.fee ?? ''}
                onChange={(v) => set('fee', typeof v === 'number' ? v : null)}
                min={0}
                allowDecimal={false}
                thousandSeparator="."
                decimalSeparator=","
                error={errors.fee}
                data-testid="procedure-form-fee"
              />
            </Grid.Col>
          </Grid>
          <Switch label={t('procedures.published')} checked={form.published} onChange={(e) => set('published', e.currentTarget.checked)} data-testid="procedure-form-published" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="procedure-form-submit">
              {procedure ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Catalogue({ admin }: { admin: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const feeText = useFeeText();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [unit, setUnit] = useState<string | null>(null);
  const [field, setField] = useState<string | null>(null);
  const [online, setOnline] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [formOpened, formModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Procedure | null>(null);
  const [deleting, setDeleting] = useState<Procedure | null>(null);

  const facets = useProcedureFacets();
  const list = useProcedures({
    q: q || undefined,
    unit: unit ?? undefined,
    field: field ?? undefined,
    online: (online as OnlineLevel | null) ?? undefined,
    published: published === null ? undefined : published === 'true',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const filterChanged = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    setPage(1);
  };

  const remove = useMutation({
    mutationFn: (code: string) => api.delete(`/procedures/${encodeURIComponent(code)}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: procedureKeys.all });
      notifications.show({ color: 'green', message: t('procedures.deleted') });
      closeDelete();
    },
  });
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };

  return (
    <Stack>
      <Group justify="flex-end" gap="xs">
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="procedures-export">
              {t('common.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(['csv', 'xlsx'] as const).map((format) => (
              <Menu.Item key={format} component="a" href={buildUrl('/procedures/export', { format, unit: unit ?? undefined })} download>
                {format.toUpperCase()}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {admin && (
          <>
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="procedures-import">
              {t('common.import')}
            </Button>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                setEditing(null);
                formModal.open();
              }}
              data-testid="procedure-create-button"
            >
              {t('procedures.create')}
            </Button>
          </>
        )}
      </Group>

      <Grid gap="sm" rowGap="xs">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TextInput
            label={t('procedures.search')}
            placeholder={t('procedures.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setPage(1);
            }}
            data-testid="procedures-search"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <SearchSelect label={t('procedures.unit')} data={(facets.data?.units ?? []).map(unitOption)} value={unit} onChange={filterChanged(setUnit)} clearable placeholder={t('procedures.all')} data-testid="procedures-unit" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
          <SearchSelect label={t('procedures.field')} data={facets.data?.fields ?? []} value={field} onChange={filterChanged(setField)} clearable placeholder={t('procedures.all')} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 1.5 }}>
          <Select
            label={t('procedures.online')}
            data={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`procedures.level.${l}`) }))}
            value={online}
            onChange={filterChanged(setOnline)}
            clearable
            placeholder={t('procedures.all')}
            data-testid="procedures-online"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 1.5 }}>
          <Select
            label={t('procedures.published')}
            data={[
              { value: 'true', label: t('procedures.publishedYes') },
              { value: 'false', label: t('procedures.publishedNo') },
            ]}
            value={published}
            onChange={filterChanged(setPublished)}
            clearable
            placeholder={t('procedures.all')}
          />
        </Grid.Col>
      </Grid>

      {list.error && <ErrorAlert error={list.error} />}
      <Text size="sm" c="dimmed" data-testid="procedures-count">
        {t('procedures.count', { count: total })}
      </Text>

      <Table.ScrollContainer minWidth={1080}>
        <Table striped highlightOnHover withTableBorder data-testid="procedures-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('procedures.code')}</Table.Th>
              <Table.Th miw={240}>{t('procedures.name')}</Table.Th>
              <Table.Th>{t('procedures.field')}</Table.Th>
              <Table.Th>{t('procedures.unit')}</Table.Th>
              <Table.Th ta="right">{t('procedures.legalDaysShort')}</Table.Th>
              <Table.Th ta="right">{t('procedures.internalDaysShort')}</Table.Th>
              <Table.Th ta="right">{t('procedures.cut')}</Table.Th>
              <Table.Th>{t('procedures.online')}</Table.Th>
              <Table.Th ta="right">{t('procedures.fee')}</Table.Th>
              <Table.Th>{t('procedures.published')}</Table.Th>
              {admin && <Table.Th w={80} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.code} data-testid={`procedure-row-${p.code}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.code}</Table.Td>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.field}</Table.Td>
                <Table.Td title={p.unitName}>{p.unitCode}</Table.Td>
                <Table.Td ta="right">{p.legalDays}</Table.Td>
                <Table.Td ta="right">{p.internalDays}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {cutText(p, i18n.language)}
                </Table.Td>
                <Table.Td>
                  <OnlineLevelBadge level={p.onlineLevel} />
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {feeText(p.fee)}
                </Table.Td>
                <Table.Td>
                  <Badge color={p.published ? 'blue' : 'gray'} variant={p.published ? 'light' : 'outline'}>
                    {p.published ? t('procedures.publishedYes') : t('procedures.publishedNo')}
                  </Badge>
                </Table.Td>
                {admin && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <RowAction
                        label={t('common.edit')}
                        onClick={() => {
                          setEditing(p);
                          formModal.open();
                        }}
                      >
                        <IconPencil size={16} />
                      </RowAction>
                      <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(p)}>
                        <IconTrash size={16} />
                      </RowAction>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            <EmptyRow colSpan={admin ? 11 : 10} show={items.length === 0 && !list.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > PAGE_SIZE && <Pagination total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" data-testid="procedures-pages" />}

      {admin && <ProcedureFormModal procedure={editing} opened={formOpened} onClose={formModal.close} fields={facets.data?.fields ?? []} />}
      <ConfirmModal
        opened={deleting !== null}
        title={t('procedures.deleteTitle')}
        message={t('procedures.confirmDelete', { code: deleting?.code ?? '', name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.code)}
        onClose={closeDelete}
      />
      {admin && (
        <ImportModal<ProcedureImportResult>
          opened={importOpened}
          onClose={importModal.close}
          title={t('procedures.importTitle')}
          path="/procedures/import"
          columns="code, name, field, unit_code, legal_days, internal_days, online_level, fee, published"
          description={t('procedures.importHelp')}
          onImported={(r) => {
            void qc.invalidateQueries({ queryKey: procedureKeys.all });
            notifications.show({ color: 'green', message: t('procedures.imported', { ...r }) });
            importModal.close();
          }}
        />
      )}
    </Stack>
  );
}

function StatsRow({ code, name, s, lang, testId }: { code: string; name: string; s: ProcedureStats; lang: string; testId: string }) {
  const pct = (v: number | null) => formatDecimal(v, lang);
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td>
        <Text size="sm" fw={code ? undefined : 700}>
          {name}
          {code ? ` (${code})` : ''}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{s.total}</Table.Td>
      <Table.Td ta="right">{s.published}</Table.Td>
      <Table.Td ta="right">{s.full}</Table.Td>
      <Table.Td ta="right">{s.partial}</Table.Td>
      <Table.Td ta="right">{s.none}</Table.Td>
      <Table.Td ta="right">{pct(s.fullSharePercent)}</Table.Td>
      <Table.Td ta="right">{s.cut}</Table.Td>
      <Table.Td ta="right">{pct(s.averageCutPercent)}</Table.Td>
      <Table.Td ta="right">{s.cutAtLeast30}</Table.Td>
      <Table.Td ta="right">{pct(s.cutAtLeast30SharePercent)}</Table.Td>
    </Table.Tr>
  );
}

function Statistics() {
  const { t, i18n } = useTranslation();
  const stats = useProcedureStats();
  const data = stats.data;
  const option = data
    ? {
        tooltip: { trigger: 'axis' as const },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 60 },
        xAxis: { type: 'category' as const, data: data.units.map((u) => u.unitCode), axisLabel: { rotate: data.units.length > 8 ? 45 : 0 } },
        yAxis: { type: 'value' as const, minInterval: 1 },
        series: (['full', 'partial', 'none'] as const).map((level) => ({
          name: t(`procedures.level.${level}`),
          type: 'bar' as const,
          stack: 'online',
          data: data.units.map((u) => u[level]),
          color: { full: '#40c057', partial: '#fab005', none: '#adb5bd' }[level],
        })),
      }
    : null;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={760}>
          {t('procedures.statsNote')}
        </Text>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="procedure-stats-export">
              {t('common.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(['csv', 'xlsx'] as const).map((format) => (
              <Menu.Item key={format} component="a" href={buildUrl('/procedures/stats/export', { format })} download>
                {format.toUpperCase()}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {stats.error && <ErrorAlert error={stats.error} />}
      {option && data && data.units.length > 0 && (
        <Paper withBorder p="xs">
          <EChart option={option} height={300} ariaLabel={t('procedures.chartLabel')} testId="procedure-stats-chart" />
        </Paper>
      )}
      <Table.ScrollContainer minWidth={960}>
        <Table striped withTableBorder data-testid="procedure-stats-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('procedures.statsUnit')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsTotal')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsPublished')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsFull')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsPartial')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsNone')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsFullShare')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsCut')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsAverageCut')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsCut30')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsCut30Share')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.units.map((u) => <StatsRow key={u.unitCode} code={u.unitCode} name={u.unitName} s={u} lang={i18n.language} testId={`procedure-stats-${u.unitCode}`} />)}
            {data && <StatsRow code="" name={t('procedures.statsProvince')} s={data.province} lang={i18n.language} testId="procedure-stats-province" />}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

export function ProceduresPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  const [tab, setTab] = useState<string | null>('catalogue');
  return (
    <Stack>
      <Title order={2}>{t('procedures.title')}</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="catalogue" data-testid="procedures-tab-catalogue">
            {t('procedures.tabCatalogue')}
          </Tabs.Tab>
          <Tabs.Tab value="stats" data-testid="procedures-tab-stats">
            {t('procedures.tabStats')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="catalogue" pt="md">
          <Catalogue admin={admin} />
        </Tabs.Panel>
        <Tabs.Panel value="stats" pt="md">
          <Statistics />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
