import { Anchor, Badge, Button, Card, Center, Checkbox, Group, Loader, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChartBar, IconChevronLeft, IconKeyboard, IconLock, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DateInput, displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { type CampaignDetail, campaignUrls, useCampaign, useCampaignLinks, useCampaignMutations } from './api';
import { CampaignGroups } from './CampaignGroups';
import { CampaignStateBadge, CHANNELS, Progress } from './CampaignParts';
import { CampaignUnitsTable } from './CampaignUnitsTable';
import { IssueLinksModal } from './IssueLinksModal';

function EditCampaignModal({ campaign, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useCampaignMutations(campaign.code);
  const fieldErrors = useFieldErrors();
  const [name, setName] = useState(campaign.name);
  const [opensOn, setOpensOn] = useState(campaign.opensOn);
  const [closesOn, setClosesOn] = useState(campaign.closesOn);
  const [channels, setChannels] = useState<string[]>(campaign.channels);
  const [doubleEntry, setDoubleEntry] = useState(campaign.doubleEntry);
  const errors = fieldErrors(m.update.error);
  const submit = () =>
    m.update.mutate(
      { patch: { name, opensOn, closesOn, channels: channels as (typeof CHANNELS)[number][], doubleEntry }, version: campaign.version },
      { onSuccess: onClose },
    );
  return (
    <FormModal
      opened
      title={t('surveyCampaigns.editTitle')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('common.save')}
      loading={m.update.isPending}
      error={m.update.error}
      fieldNames={['name', 'opensOn', 'closesOn', 'channels']}
      testId="campaign-edit"
    >
      <TextInput label={t('surveyCampaigns.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateInput label={t('surveyCampaigns.opensOn')} value={opensOn} onChange={setOpensOn} error={errors.opensOn} />
        <DateInput label={t('surveyCampaigns.closesOn')} value={closesOn} onChange={setClosesOn} error={errors.closesOn} />
      </SimpleGrid>
      <Checkbox.Group label={t('surveyCampaigns.channels')} value={channels} onChange={setChannels} error={errors.channels}>
        <Group mt="xs" gap="md">
          {CHANNELS.map((c) => (
            <Checkbox key={c} value={c} label={t(`surveyCampaigns.channel.${c}`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <Switch label={t('surveyCampaigns.doubleEntry')} checked={doubleEntry} onChange={(e) => setDoubleEntry(e.currentTarget.checked)} />
    </FormModal>
  );
}

/** The organizer's list of the personal links issued (never the links themselves). */
function IssuedLinksList({ code }: { code: string }) {
  const { t } = useTranslation();
  const links = useCampaignLinks(code, true);
  const items = links.data?.items ?? [];
  const used = items.filter((l) => l.usedAt).length;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('surveyCampaigns.issuedLinks', { used, count: items.length })}</Title>
      <Text size="sm" c="dimmed">
        {t('surveyCampaigns.linksOnce')}
      </Text>
      {links.error && <ErrorAlert error={links.error} />}
      <Table.ScrollContainer minWidth={520} mah={360}>
        <Table striped withTableBorder data-testid="campaign-links">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('surveyCampaigns.label')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.forWhom')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.issuedAt')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.usedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.label ?? '—'}</Table.Td>
                <Table.Td>{l.groupCode ?? l.unitCode}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(l.createdAt)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {l.usedAt ? (
                    formatDateTime(l.usedAt)
                  ) : (
                    <Badge variant="outline" color="gray">
                      {t('surveyCampaigns.notUsed')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={4} show={items.length === 0 && !links.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** /surveys/campaigns/:code: one campaign, its units and (officials) groups; the organizer runs it from here. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const campaign = useCampaign(code);
  const m = useCampaignMutations(code);
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const [issuing, setIssuing] = useState<{ group: string } | { unit: string } | null>(null);
  if (campaign.isPending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  if (campaign.error || !campaign.data) return <ErrorAlert error={campaign.error} />;
  const c = campaign.data;
  const submitted = c.units.reduce((s, u) => s + u.submitted, 0);
  const target = c.units.reduce((s, u) => s + u.target, 0);
  return (
    <Stack>
      <Anchor component={Link} to="/surveys" size="sm">
        <Group gap={4}>
          <IconChevronLeft size={14} />
          {t('surveyCampaigns.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2}>{c.name}</Title>
            <CampaignStateBadge state={c.state} />
          </Group>
          <Text size="sm" c="dimmed">
            {c.code} · {t(`surveyCampaigns.kinds.${c.kind}`)} · {t('surveyCampaigns.templateShort', { template: c.templateCode })}
          </Text>
        </Stack>
        <Group gap="xs">
          {c.can.enterPaper && (
            <Button
              component={Link}
              to={campaignUrls.entry(c.code)}
              variant="default"
              leftSection={<IconKeyboard size={16} />}
              data-testid="campaign-entry-link"
            >
              {t('surveyCampaigns.paperEntry')}
            </Button>
          )}
          {c.can.viewResults && (
            <Button
              component={Link}
              to={campaignUrls.results(c.code)}
              variant="default"
              leftSection={<IconChartBar size={16} />}
              data-testid="campaign-results-link"
            >
              {t('surveyCampaigns.results')}
            </Button>
          )}
          {c.can.edit && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="campaign-edit-button">
              {t('common.edit')}
            </Button>
          )}
          {c.can.close && (
            <Button color="red" variant="light" leftSection={<IconLock size={16} />} onClick={() => setClosing(true)} data-testid="campaign-close-button">
              {t('surveyCampaigns.close')}
            </Button>
          )}
        </Group>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('surveyCampaigns.dates')}
            </Text>
            <Text size="sm">
              {displayDate(c.opensOn)} – {displayDate(c.closesOn)}
            </Text>
            {c.closedAt && (
              <Text size="xs" c="dimmed">
                {t('surveyCampaigns.closedAt', { at: formatDateTime(c.closedAt) })}
              </Text>
            )}
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('surveyCampaigns.channels')}
            </Text>
            <Text size="sm">{c.channels.map((ch) => t(`surveyCampaigns.channel.${ch}`)).join(', ')}</Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('surveyCampaigns.doubleEntry')}
            </Text>
            <Text size="sm">{c.doubleEntry ? t('surveyCampaigns.yes') : t('surveyCampaigns.no')}</Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('surveyCampaigns.submittedTarget')}
            </Text>
            <Text size="sm" fw={600}>
              <Progress submitted={submitted} target={target} />
            </Text>
          </Stack>
        </SimpleGrid>
      </Card>
      <Title order={4}>{t('surveyCampaigns.unitsTitle', { count: c.units.length })}</Title>
      <CampaignUnitsTable campaign={c} onIssueLinks={(unit) => setIssuing({ unit })} />
      {c.kind === 'officials' && <CampaignGroups campaign={c} onIssueLinks={(group) => setIssuing({ group })} />}
      {c.can.edit && <IssuedLinksList code={c.code} />}
      {editing && <EditCampaignModal campaign={c} onClose={() => setEditing(false)} />}
      {issuing && <IssueLinksModal campaign={c.code} target={issuing} onClose={() => setIssuing(null)} />}
      <ConfirmModal
        opened={closing}
        title={t('surveyCampaigns.closeTitle')}
        message={t('surveyCampaigns.confirmClose', { code: c.code })}
        confirmLabel={t('surveyCampaigns.close')}
        loading={m.close.isPending}
        error={m.close.error}
        onConfirm={() =>
          m.close.mutate(undefined, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: t('surveyCampaigns.closed', { code: c.code }) });
              setClosing(false);
            },
          })
        }
        onClose={() => {
          m.close.reset();
          setClosing(false);
        }}
      />
    </Stack>
  );
}
