import { Alert, Button, Center, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLogout, useSession } from './api';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** Stand-alone screen: while a password change is forced, nothing else of the app is reachable. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="lg" radius="md" w="100%" maw={440}>
        <Stack>
          <Group justify="space-between" wrap="nowrap">
            <Title order={3}>{t('password.title')}</Title>
            <LanguageSwitch />
          </Group>
          {user?.mustChangePassword && (
            <Alert color="yellow" data-testid="forced-password-notice">
              {t('password.forced')}
            </Alert>
          )}
          <ChangePasswordForm
            onDone={() => {
              notifications.show({ color: 'green', message: t('password.changed') });
              navigate('/', { replace: true }); // the role's landing (home/Landing.tsx)
            }}
          />
          <Button
            variant="subtle"
            color="gray"
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
            data-testid="logout-button"
          >
            {t('auth.logout')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
