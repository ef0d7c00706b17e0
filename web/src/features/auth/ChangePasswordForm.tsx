import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useChangePassword } from './api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/fieldErrors';

const MIN_LENGTH = 10; // docs/api.md: new password ≥ 10 chars, ≠ current

export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (newPassword.length < MIN_LENGTH) errors.newPassword = t('password.tooShort', { min: MIN_LENGTH });
    else if (newPassword === currentPassword) errors.newPassword = t('password.sameAsCurrent');
    if (confirm !== newPassword) errors.confirm = t('password.mismatch');
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
          setConfirm('');
          onDone();
        },
      },
    );
  };

  const server = fieldErrorsOf(change.error);
  const wrongCurrent = change.error instanceof ApiError && change.error.code === 'invalid_credentials' ? t('password.wrongCurrent') : undefined;
  const shownElsewhere = ['currentPassword', 'newPassword'];

  return (
    <form onSubmit={onSubmit} noValidate data-testid="change-password-form">
      <Stack>
        {change.error && !wrongCurrent && <ErrorAlert error={change.error} hideFieldIssues={shownElsewhere} />}
        <PasswordInput
          label={t('password.current')}
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={wrongCurrent ?? server.currentPassword}
          autoComplete="current-password"
          required
          data-testid="cp-current"
        />
        <PasswordInput
          label={t('password.new')}
          description={t('password.rule', { min: MIN_LENGTH })}
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
          error={local.newPassword ?? server.newPassword}
          autoComplete="new-password"
          required
          data-testid="cp-new"
        />
        <PasswordInput
          label={t('password.confirm')}
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={local.confirm}
          autoComplete="new-password"
          required
          data-testid="cp-confirm"
        />
        <Button type="submit" loading={change.isPending} data-testid="cp-submit">
          {t('password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
