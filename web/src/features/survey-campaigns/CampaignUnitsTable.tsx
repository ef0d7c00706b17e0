import { ActionIcon, Anchor, Button, Code, CopyButton, Group, NumberInput, Select, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconLink, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { useUnits } from '../units/api';
import { type CampaignDetail, type CampaignUnitRow, campaignUrls, useCampaignMutations } from './api';
import { Progress } from './CampaignParts';

/** A unit's target, edited in place: saved when the field loses focus or Enter is pressed. */
function TargetInput({ row, onSave }: { row: CampaignUnitRow; onSave: (target: number) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | string>(row.target);
  const save = () => {
    const next = typeof value === 'number' ? value : Number(value);
    if (Number.isInteger(next) && next >= 0 && next !== row.target) onSave(next);
    else setValue(row.target);
  };
  return (
    <NumberInput
      size="xs"
      w={90}
      min={0}
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={setValue}
      onBlur={save}
      onKeyDown={(e) => e.key === 'Enter' && save()}
      aria-label={t('surveyCampaigns.targetOf', { unit: row.unitCode })}
      data-testid={`target-${row.unitCode}`}
    />
  );
}

interface Props {
  campaign: CampaignDetail;
  onIssueLinks: (unitCode: string) => void;
}

/** The campaign's units: short link (copy), N, suggested and set target, submitted, the QR poster; the organizer edits targets. */
export function CampaignUnitsTable({ campaign, onIssueLinks }: Props) {
  const { t } = useTranslation();
  const m = useCampaignMutations(campaign.code);
  const edit = campaign.can.edit;
  const byGroups = campaign.kind === 'officials';
  const [removing, setRemoving] = useState<string | null>(null);
  const [adding, setAdding] = useState<string | null>(null);
  const allUnits = useUnits({ year: campaign.year });
  const present = new Set(campaign.units.map((u) => u.unitCode));
  const origin = window.location.origin;
  const showLinks = campaign.can.issueLinks && !byGroups;
  return (
    <>
      {(m.setTarget.error || m.addUnit.error) && <ErrorAlert error={m.setTarget.error ?? m.addUnit.error} />}
      <Table.ScrollContainer minWidth={900}>
        <Table striped withTableBorder data-testid="campaign-units">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('surveyCampaigns.unit')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.shortLink')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.transactions')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.suggested')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.target')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.submittedTarget')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.drafts')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.poster')}</Table.Th>
              {(edit || showLinks) && <Table.Th w={80} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaign.units.map((u) => (
              <Table.Tr key={u.unitCode} data-testid={`campaign-unit-${u.unitCode}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {u.unitCode}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {u.unitName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Code>{u.shortLink}</Code>
                    <CopyButton value={`${origin}${u.shortLink}`}>
                      {({ copied, copy }) => (
                        <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                          <ActionIcon variant="subtle" onClick={copy} aria-label={t('common.copy')} data-testid={`copy-${u.unitCode}`}>
                            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </CopyButton>
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{u.transactions}</Table.Td>
                <Table.Td ta="right">{u.suggestedTarget}</Table.Td>
                <Table.Td ta="right">
                  {edit ? <TargetInput key={u.target} row={u} onSave={(target) => m.setTarget.mutate({ unit: u.unitCode, target })} /> : u.target}
                </Table.Td>
                <Table.Td ta="right">
                  <Progress submitted={u.submitted} target={u.target} />
                </Table.Td>
                <Table.Td ta="right">{u.drafts}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor href={campaignUrls.poster(campaign.code, u.unitCode, 'png')} target="_blank" size="sm">
                    PNG
                  </Anchor>
                  {' · '}
                  <Anchor href={campaignUrls.poster(campaign.code, u.unitCode, 'pdf')} target="_blank" size="sm">
                    PDF
                  </Anchor>
                </Table.Td>
                {(edit || showLinks) && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {showLinks && (
                        <RowAction label={t('surveyCampaigns.issueLinks')} onClick={() => onIssueLinks(u.unitCode)}>
                          <IconLink size={16} />
                        </RowAction>
                      )}
                      {edit && !byGroups && (
                        <RowAction label={t('surveyCampaigns.removeUnit')} color="red" onClick={() => setRemoving(u.unitCode)}>
                          <IconTrash size={16} />
                        </RowAction>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            <EmptyRow colSpan={9} show={campaign.units.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {edit && !byGroups && (
        <Group align="flex-end">
          <Select
            label={t('surveyCampaigns.addUnit')}
            data={(allUnits.data?.items ?? []).filter((u) => !present.has(u.code)).map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }))}
            value={adding}
            onChange={setAdding}
            searchable
            w={320}
            data-testid="campaign-add-unit"
          />
          <Button
            variant="default"
            disabled={!adding}
            loading={m.addUnit.isPending}
            onClick={() => adding && m.addUnit.mutate({ unitCode: adding }, { onSuccess: () => setAdding(null) })}
          >
            {t('surveyCampaigns.add')}
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={removing !== null}
        title={t('surveyCampaigns.removeUnit')}
        message={t('surveyCampaigns.confirmRemoveUnit', { unit: removing ?? '' })}
        confirmLabel={t('common.remove')}
        loading={m.removeUnit.isPending}
        error={m.removeUnit.error}
        onConfirm={() => removing && m.removeUnit.mutate(removing, { onSuccess: () => setRemoving(null) })}
        onClose={() => {
          m.removeUnit.reset();
          setRemoving(null);
        }}
      />
    </>
  );
}
