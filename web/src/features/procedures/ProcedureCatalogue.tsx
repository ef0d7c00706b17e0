import { Button, Group, Menu, Pagination, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPlus, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnlineLevel } from '../../../../src/domain/vocabulary';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { type Procedure, type ProcedureImportResult, proceduresApi, useDeleteProcedure, useProcedureFacets, useProcedures, useRefreshProcedures } from './api';
import { type CatalogueFilter, ProcedureFilters } from './ProcedureFilters';
import { ProcedureFormModal } from './ProcedureFormModal';
import { ProceduresTable } from './ProceduresTable';

const PAGE_SIZE = 50;
const NO_FILTER: CatalogueFilter = { search: '', unit: null, field: null, online: null, published: null };

/** The catalogue tab: filters, the table, and for whoever may (`can`) import, create, edit and delete. */
export function ProcedureCatalogue() {
  const { t } = useTranslation();
  const refresh = useRefreshProcedures();
  const [filter, setFilter] = useState(NO_FILTER);
  const [q] = useDebouncedValue(filter.search.trim(), 250);
  const [page, setPage] = useState(1);
  const [formOpened, formModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Procedure | null>(null);
  const [deleting, setDeleting] = useState<Procedure | null>(null);

  const facets = useProcedureFacets();
  const list = useProcedures({
    q: q || undefined,
    unit: filter.unit ?? undefined,
    field: filter.field ?? undefined,
    online: (filter.online as OnlineLevel | null) ?? undefined,
    published: filter.published === null ? undefined : filter.published === 'true',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const can = list.data?.can;

  const remove = useDeleteProcedure();
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };
  const confirmDelete = (code: string) =>
    remove.mutate(code, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('procedures.deleted') });
        closeDelete();
      },
    });
  const openForm = (procedure: Procedure | null) => {
    setEditing(procedure);
    formModal.open();
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
              <Menu.Item key={format} component="a" href={proceduresApi.exportUrl(format, filter.unit ?? undefined)} download>
                {format.toUpperCase()}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {can?.import && (
          <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="procedures-import">
            {t('common.import')}
          </Button>
        )}
        {can?.create && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(null)} data-testid="procedure-create-button">
            {t('procedures.create')}
          </Button>
        )}
      </Group>

      <ProcedureFilters
        value={filter}
        facets={facets.data}
        onChange={(next) => {
          setFilter(next);
          setPage(1);
        }}
      />

      {list.error && <ErrorAlert error={list.error} />}
      <Text size="sm" c="dimmed" data-testid="procedures-count">
        {t('procedures.count', { count: total })}
      </Text>
      <ProceduresTable items={items} loading={list.isPending} can={can} onEdit={openForm} onDelete={setDeleting} />
      {total > PAGE_SIZE && <Pagination total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" data-testid="procedures-pages" />}

      {(can?.create || can?.edit) && (
        <ProcedureFormModal procedure={editing} opened={formOpened} onClose={formModal.close} fields={facets.data?.fields ?? []} />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={t('procedures.deleteTitle')}
        message={t('procedures.confirmDelete', { code: deleting?.code ?? '', name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && confirmDelete(deleting.code)}
        onClose={closeDelete}
      />
      {can?.import && (
        <ImportModal<ProcedureImportResult>
          opened={importOpened}
          onClose={importModal.close}
          title={t('procedures.importTitle')}
          path={proceduresApi.importPath}
          columns="code, name, field, unit_code, legal_days, internal_days, online_level, fee, published"
          description={t('procedures.importHelp')}
          onImported={(r) => {
            refresh();
            notifications.show({ color: 'green', message: t('procedures.imported', { ...r }) });
            importModal.close();
          }}
        />
      )}
    </Stack>
  );
}
