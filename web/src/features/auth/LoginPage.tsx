import { Anchor, Button, Center, Divider, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useLogin, useSession } from './api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { DemoBadge } from '../../components/DemoBadge';

function safeFrom(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only same-app paths; never bounce back to the login or password screens.
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')) {
    return from;
  }
  // The root sends each role to its landing: unit staff to their unit's home, the others to the units list.
  return '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  if (user && !login.isPending) {
    return <Navigate to={user.mustChangePassword ? '/change-password' : safeFrom(location.state)} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (res) => navigate(res.user.mustChangePassword ? '/change-password' : safeFrom(location.state), { replace: true }),
      },
    );
  };

  const error = login.error;
  const retryAfter =
    error instanceof ApiError && error.code === 'rate_limited'
      ? Number((error.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds) || null
      : null;

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="lg" radius="md" w="100%" maw={400}>
        <form onSubmit={onSubmit} noValidate data-testid="login-form">
          <Stack>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Title order={3}>{t('app.title')}</Title>
                <Text size="sm" c="dimmed">
                  {t('auth.loginSubtitle')}
                </Text>
                <DemoBadge />
              </div>
              <LanguageSwitch />
            </Group>
            {error instanceof ApiError && error.code === 'invalid_credentials' ? (
              <Text c="red" size="sm" data-testid="login-error">
                {t('auth.invalidCredentials')}
              </Text>
            ) : retryAfter ? (
              <Text c="red" size="sm" data-testid="login-error">
                {t('auth.rateLimited', { seconds: retryAfter })}
              </Text>
            ) : (
              error && <ErrorAlert error={error} />
            )}
            <TextInput
              label={t('auth.username')}
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              autoComplete="username"
              autoFocus
              required
              data-testid="login-username"
            />
            <PasswordInput
              label={t('auth.password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              required
              data-testid="login-password"
            />
            <Button type="submit" loading={login.isPending} disabled={!username || !password} data-testid="login-submit">
              {t('auth.login')}
            </Button>
          </Stack>
        </form>
        <Divider my="md" />
        <Anchor component={Link} to="/public/results" size="sm" data-testid="login-public-results">
          <Group gap={6} wrap="nowrap" justify="center">
            <IconChartBar size={16} />
            {t('auth.publicResults')}
          </Group>
        </Anchor>
        <Anchor component={Link} to="/public/procedures" size="sm" display="block" ta="center" mt="xs" data-testid="login-public-procedures">
          {t('procedures.publicLink')}
        </Anchor>
      </Paper>
    </Center>
  );
}
