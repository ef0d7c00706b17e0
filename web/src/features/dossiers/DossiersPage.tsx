import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAddressParams } from '../../components/addressParams';
import { isAdmin, useSession } from '../auth/api';
import { DossierSearchTab } from './DossierSearchTab';
import { RunsCard } from './RunsCard';
import { TokensCard } from './TokensCard';
import { UploadCard } from './UploadCard';

/**
 * One-stop-shop dossiers: "Tra cứu hồ sơ" (every role; unit staff their own unit) and, for the organizer,
 * "Nhập dữ liệu" (upload a file, follow the runs, manage the machine tokens of the batch push). The tab is kept in
 * the address (`?tab=import`).
 */
export function DossiersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  const { params, setParams } = useAddressParams();
  const tab = admin && params.get('tab') === 'import' ? 'import' : 'search';
  return (
    <Stack>
      <Title order={2}>{t('dossiers.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams({ tab: v === 'import' ? 'import' : null })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="search" data-testid="tab-dossier-search">
            {t('dossiers.tabs.search')}
          </Tabs.Tab>
          {admin && (
            <Tabs.Tab value="import" data-testid="tab-dossier-import">
              {t('dossiers.tabs.import')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="search" pt="md">
          <DossierSearchTab />
        </Tabs.Panel>
        {admin && (
          <Tabs.Panel value="import" pt="md">
            <Stack>
              <UploadCard />
              <RunsCard />
              <TokensCard />
            </Stack>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
