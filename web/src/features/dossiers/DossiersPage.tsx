import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isAdmin, useSession } from '../auth/api';
import { RunsCard } from './RunsCard';
import { TokensCard } from './TokensCard';
import { UploadCard } from './UploadCard';

/** Dossier imports (the organizer's): upload a file, follow the runs, manage the machine tokens of the batch push. */
export function DossiersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  return (
    <Stack>
      <Title order={2}>{t('dossiers.title')}</Title>
      {admin ? (
        <>
          <UploadCard />
          <RunsCard />
          <TokensCard />
        </>
      ) : (
        <Alert color="blue" data-testid="dossier-admin-only">
          {t('dossiers.adminOnly')}
        </Alert>
      )}
    </Stack>
  );
}
