import { Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client';
import { ErrorAlert } from './ErrorAlert';
import { RejectedRowsTable } from './RejectedRowsTable';

interface Props<T> {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** e.g. `/units/import` */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Expected columns, shown to the user. */
  columns: string;
  /** Replaces the default "CSV or XLSX with the columns …" line (e.g. when JSON files are accepted too). */
  description?: string;
  /** File types offered by the file picker; CSV and XLSX by default. */
  accept?: string;
  placeholder?: string;
  /** Extra inputs (e.g. the year) rendered above the file. */
  children?: ReactNode;
  onImported: (result: T) => void;
}

const CSV_XLSX = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ImportModal<T>({ opened, onClose, title, path, query, columns, description, accept, placeholder, children, onImported }: Props<T>) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => api.upload<T>(path, f, query),
    onSuccess: (result) => {
      setFile(null);
      onImported(result);
    },
  });

  const rejected = upload.error instanceof ApiError && upload.error.code === 'import_rejected' ? upload.error : null;

  const close = () => {
    upload.reset();
    setFile(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {description ?? t('import.columns', { columns })}
        </Text>
        {children}
        <FileInput
          label={t('import.file')}
          placeholder={placeholder ?? t('import.choose')}
          accept={accept ?? CSV_XLSX}
          value={file}
          onChange={(f) => {
            upload.reset();
            setFile(f);
          }}
          leftSection={<IconFileSpreadsheet size={16} />}
          clearable
          data-testid="import-file"
        />
        {rejected ? (
          <Stack gap="xs" data-testid="import-errors">
            <Text c="red" fw={500}>
              {t('import.rejected', { count: rejected.rows.length })}
            </Text>
            <RejectedRowsTable rows={rejected.rows} testId="import-rejected-rows" />
            {rejected.rows.length === 0 && <ErrorAlert error={rejected} />}
          </Stack>
        ) : (
          upload.error && <ErrorAlert error={upload.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.close')}
          </Button>
          <Button onClick={() => file && upload.mutate(file)} disabled={!file} loading={upload.isPending} data-testid="import-submit">
            {t('import.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
