import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApologyCan } from './api';
import { LateDossiersTab } from './LateDossiersTab';
import { LetterCountsTab } from './LetterCountsTab';
import { TemplateTab } from './TemplateTab';

/**
 * Apology letters: the dossiers that need one (issuers), the counts (everyone), the template (the organizer). The
 * tabs follow what the server says the caller may do (`can`), not the role.
 */
export function ApologyLettersPage() {
  const { t } = useTranslation();
  const { can, error } = useApologyCan();
  const [params, setParams] = useSearchParams();
  const tabs = [...(can?.listDossiers ? ['dossiers'] : []), 'counts', ...(can?.editTemplate ? ['template'] : [])];
  const requested = params.get('tab') ?? '';
  const tab = tabs.includes(requested) ? requested : tabs[0]!;
  return (
    <Stack>
      <Title order={2}>{t('onestop.ApologyLettersPage')}</Title>
      {error ? <ErrorAlert error={error} /> : null}
      {can && (
        <Tabs value={tab} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
          <Tabs.List>
            {can.listDossiers && (
              <Tabs.Tab value="dossiers" data-testid="tab-dossiers">
                {t('apology.tabs.dossiers')}
              </Tabs.Tab>
            )}
            <Tabs.Tab value="counts" data-testid="tab-counts">
              {t('apology.tabs.counts')}
            </Tabs.Tab>
            {can.editTemplate && (
              <Tabs.Tab value="template" data-testid="tab-template">
                {t('apology.tabs.template')}
              </Tabs.Tab>
            )}
          </Tabs.List>
          {can.listDossiers && (
            <Tabs.Panel value="dossiers" pt="md">
              <LateDossiersTab chooseUnit={can.chooseUnit} />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="counts" pt="md">
            <LetterCountsTab />
          </Tabs.Panel>
          {can.editTemplate && (
            <Tabs.Panel value="template" pt="md">
              <TemplateTab />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}
