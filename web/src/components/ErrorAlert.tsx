import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** A translated title for an error code, plus the server's own message. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): { title: string; message: string } => {
    if (error instanceof ApiError) {
      const title = t(`errors.${error.code}`, { defaultValue: t('errors.unknown') });
      return { title, message: error.message && error.message !== error.code ? error.message : '' };
    }
    return { title: t('errors.unknown'), message: error instanceof Error ? error.message : '' };
  };
}

interface Props {
  error: unknown;
  /** Field-level issues already shown beside their inputs are not repeated here. */
  hideFieldIssues?: string[];
}

export function ErrorAlert({ error, hideFieldIssues = [] }: Props) {
  const errorText = useErrorText();
  if (!error) return null;
  const { title, message } = errorText(error);
  const extraIssues =
    error instanceof ApiError ? error.issues.filter((i) => !hideFieldIssues.includes(i.path)) : [];
  const showMessage = !(error instanceof ApiError && error.code === 'validation_failed' && extraIssues.length === 0);
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title={title} data-testid="error-alert">
      {showMessage && message}
      {extraIssues.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {extraIssues.map((issue, i) => (
            <li key={i}>
              {issue.path ? <b>{issue.path}: </b> : null}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
