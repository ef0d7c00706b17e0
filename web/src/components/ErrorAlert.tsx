import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { ReasonedText as Reasoned } from '@server/errors';
import { localizeParams } from '../../../src/catalogue';

/**
 * The text of a reason in the user's language (errors.<code> filled with its parameters); the server's English
 * message only for a reason the catalogue does not know.
 */
export function useReasonText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  return (item: Reasoned): string =>
    item.code && i18n.exists(`errors.${item.code}`) ? t(`errors.${item.code}`, { ...localizeParams(item.params, language) }) : item.message;
}

/** A translated title for an error code, and the reason (translated) below it. */
export function useErrorText() {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  return (error: unknown): { title: string; message: string } => {
    if (error instanceof ApiError) {
      const title = t(`errors.${error.code}`, { defaultValue: t('errors.unknown') });
      if (error.reason && error.reason !== error.code)
        return { title, message: reasonText({ code: error.reason, params: error.params, message: error.message }) };
      return { title, message: error.message && error.message !== error.code ? error.message : '' };
    }
    return { title: t('errors.unknown'), message: error instanceof Error ? error.message : '' };
  };
}

interface Props {
  error: unknown;
  /** Field-level issues already shown beside their inputs are not repeated here. */
  hideFieldIssues?: readonly string[];
}

export function ErrorAlert({ error, hideFieldIssues = [] }: Props) {
  const errorText = useErrorText();
  const reasonText = useReasonText();
  if (!error) return null;
  const { title, message } = errorText(error);
  const extraIssues = error instanceof ApiError ? error.issues.filter((i) => !hideFieldIssues.includes(i.path)) : [];
  const showMessage = !(error instanceof ApiError && error.code === 'validation_failed' && extraIssues.length === 0);
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title={title} data-testid="error-alert">
      {showMessage && message}
      {extraIssues.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {extraIssues.map((issue, i) => (
            <li key={i}>
              {issue.path ? <b>{issue.path}: </b> : null}
              {reasonText(issue)}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
