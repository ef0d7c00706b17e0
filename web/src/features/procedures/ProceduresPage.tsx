import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProcedureCatalogue } from './ProcedureCatalogue';
import { ProcedureStatistics } from './ProcedureStatistics';

/** The procedure catalogue for signed-in users: the catalogue and its statistics. */
export function ProceduresPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('catalogue');
  return (
    <Stack>
      <Title order={2}>{t('procedures.title')}</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="catalogue" data-testid="procedures-tab-catalogue">
            {t('procedures.tabCatalogue')}
          </Tabs.Tab>
          <Tabs.Tab value="stats" data-testid="procedures-tab-stats">
            {t('procedures.tabStats')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="catalogue" pt="md">
          <ProcedureCatalogue />
        </Tabs.Panel>
        <Tabs.Panel value="stats" pt="md">
          <ProcedureStatistics />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
