import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

interface Props {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  /** The save button's label; "Tạo" (create) by default. */
  submitLabel?: string;
  loading?: boolean;
  /** The mutation's error: shown above the fields, except the issues the fields show themselves. */
  error?: unknown;
  /** Fields whose issues are shown next to the field (useFieldErrors), not in the alert. */
  fieldNames?: readonly string[];
  size?: string;
  testId?: string;
  children: ReactNode;
}

/**
 * The create / edit dialog every page uses: a form with the error on top, the fields, and Cancel / Save. Enter
 * submits; the browser's own validation is off, so the server's Vietnamese reasons are what the user reads.
 */
export function FormModal({ opened, title, onClose, onSubmit, submitLabel, loading, error, fieldNames, size, testId, children }: Props) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <form onSubmit={submit} noValidate data-testid={testId}>
        <Stack>
          {error ? <ErrorAlert error={error} hideFieldIssues={fieldNames} /> : null}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={loading} data-testid={testId ? `${testId}-submit` : undefined}>
              {submitLabel ?? t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
