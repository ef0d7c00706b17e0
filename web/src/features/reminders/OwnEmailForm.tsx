import { Button, Group, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/fieldErrors';
import { useOwnEmail, useSaveOwnEmail } from './api';

/** One's own e-mail address on the account page: where the daily reminder digest goes (empty: none). */
export function OwnEmailForm() {
  const { t } = useTranslation();
  const current = useOwnEmail();
  const save = useSaveOwnEmail();
  const [email, setEmail] = useState<string | null>(null);
  const fieldErrorsOf = useFieldErrors();
  const errorText = useErrorText();
  const value = email ?? current.data?.email ?? '';
  const submit = () =>
    save.mutate(value.trim() || null, {
      onSuccess: () => {
        setEmail(null);
        notifications.show({ color: 'green', message: t('reminders.email.saved') });
      },
    });
  const error = save.error ? (fieldErrorsOf(save.error).email ?? errorText(save.error).title) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <TextInput
        label={t('reminders.email.label')}
        description={t('reminders.email.description')}
        placeholder={t('reminders.email.placeholder')}
        inputMode="email"
        value={value}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={error}
        disabled={current.isLoading}
        data-testid="account-email"
      />
      <Group justify="flex-end" mt="sm">
        <Button type="submit" loading={save.isPending} data-testid="account-email-save">
          {t('reminders.email.save')}
        </Button>
      </Group>
    </form>
  );
}
