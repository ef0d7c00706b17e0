import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconTemplate } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { YearSelect } from '../../components/YearSelect';
import { currentYear } from '../../format';
import { useCampaigns } from './api';
import { CampaignCreateModal } from './CampaignCreateModal';
import { CampaignStateBadge, Progress } from './CampaignParts';

/** /surveys: the campaigns of a year, the way to the templates, and (organizer) a new campaign. */
export function SurveysPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(currentYear());
  const campaigns = useCampaigns(year);
  const [createOpened, createModal] = useDisclosure(false);
  const items = campaigns.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('surveyCampaigns.title')}</Title>
        <Group gap="xs">
          <Button component={Link} to="/surveys/templates" variant="default" leftSection={<IconTemplate size={16} />} data-testid="survey-templates-link">
            {t('surveyCampaigns.templates')}
          </Button>
          {campaigns.data?.can.create && (
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="campaign-create-button">
              {t('surveyCampaigns.create')}
            </Button>
          )}
        </Group>
      </Group>
      <Group>
        <YearSelect value={year} onChange={setYear} label={t('surveyCampaigns.year')} testId="campaigns-year" />
      </Group>
      {campaigns.error && <ErrorAlert error={campaigns.error} />}
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover withTableBorder data-testid="campaigns-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('surveyCampaigns.code')}</Table.Th>
              <Table.Th miw={200}>{t('surveyCampaigns.name')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.kind')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.dates')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.stateLabel')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.units')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.submittedTarget')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.code} data-testid={`campaign-row-${c.code}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/surveys/campaigns/${encodeURIComponent(c.code)}`}>
                    {c.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{t(`surveyCampaigns.kinds.${c.kind}`)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {displayDate(c.opensOn)} – {displayDate(c.closesOn)}
                </Table.Td>
                <Table.Td>
                  <CampaignStateBadge state={c.state} />
                </Table.Td>
                <Table.Td ta="right">{c.units}</Table.Td>
                <Table.Td ta="right">
                  <Progress submitted={c.submitted} target={c.target} />
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={7} show={items.length === 0 && !campaigns.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed">
        {t('surveyCampaigns.hubHint')}
      </Text>
      {createOpened && <CampaignCreateModal opened={createOpened} year={year} onClose={createModal.close} />}
    </Stack>
  );
}
