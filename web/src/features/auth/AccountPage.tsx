import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from './api';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { OwnEmailForm } from '../reminders/OwnEmailForm';

export function AccountPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  const rows: [string, ReactNode][] = [
    [t('users.username'), user.username],
    [t('users.displayName'), user.displayName],
    [t('users.role'), t(`roles.${user.role}`)],
    [
      t('users.unit'),
      user.unitCode ? (
        <Anchor component={Link} to={`/units/${encodeURIComponent(user.unitCode)}`} size="sm">
          {user.unitName ?? user.unitCode} ({user.unitCode})
        </Anchor>
      ) : (
        '—'
      ),
    ],
  ];
  return (
    <Stack maw={560}>
      <Title order={2}>{t('account.title')}</Title>
      <Paper withBorder p="md">
        <SimpleGrid cols={2} spacing="xs" data-testid="account-info">
          {rows.map(([label, value]) => (
            <Fragment key={label}>
              <Text size="sm" c="dimmed">
                {label}
              </Text>
              <Text size="sm" component="div">
                {value}
              </Text>
            </Fragment>
          ))}
          <Text size="sm" c="dimmed">
            {t('language.label')}
          </Text>
          <div>
            <LanguageSwitch />
          </div>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <OwnEmailForm />
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('password.title')}
        </Title>
        <ChangePasswordForm onDone={() => notifications.show({ color: 'green', message: t('password.changed') })} />
      </Paper>
    </Stack>
  );
}
