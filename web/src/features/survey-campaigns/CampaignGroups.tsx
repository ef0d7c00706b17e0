import { Button, Group, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { useUnits } from '../units/api';
import { type CampaignDetail, type CampaignGroupRow, useCampaignMutations } from './api';

function GroupFormModal({ campaign, group, onClose }: { campaign: CampaignDetail; group: CampaignGroupRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useCampaignMutations(campaign.code);
  const units = useUnits({ year: campaign.year });
  const fieldErrors = useFieldErrors();
  const [code, setCode] = useState(group?.code ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [unitCodes, setUnitCodes] = useState<string[]>(group?.unitCodes ?? []);
  const mutation = group ? m.updateGroup : m.createGroup;
  const errors = fieldErrors(mutation.error);
  const submit = () => {
    if (group) m.updateGroup.mutate({ group: group.code, patch: { name, unitCodes } }, { onSuccess: onClose });
    else m.createGroup.mutate({ code, name, unitCodes }, { onSuccess: onClose });
  };
  return (
    <FormModal
      opened
      title={group ? t('surveyCampaigns.editGroup') : t('surveyCampaigns.createGroup')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={group ? t('common.save') : undefined}
      loading={mutation.isPending}
      error={mutation.error}
      fieldNames={['code', 'name', 'unitCodes']}
      testId="group-form"
    >
      <TextInput label={t('surveyCampaigns.groupCode')} value={code} disabled={!!group} onChange={(e) => setCode(e.currentTarget.value)} error={errors.code} />
      <TextInput label={t('surveyCampaigns.groupName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
      <MultiSelect
        label={t('surveyCampaigns.groupUnits')}
        description={t('surveyCampaigns.groupUnitsHint')}
        data={(units.data?.items ?? []).map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }))}
        value={unitCodes}
        onChange={setUnitCodes}
        error={errors.unitCodes}
        searchable
      />
    </FormModal>
  );
}

/** The officials' respondent groups, the units each rates, and their personal links. */
export function CampaignGroups({ campaign, onIssueLinks }: { campaign: CampaignDetail; onIssueLinks: (group: string) => void }) {
  const { t } = useTranslation();
  const m = useCampaignMutations(campaign.code);
  const [editing, setEditing] = useState<CampaignGroupRow | null | 'new'>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const edit = campaign.can.edit;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4}>{t('surveyCampaigns.groups')}</Title>
        {edit && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="group-create-button">
            {t('surveyCampaigns.createGroup')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('surveyCampaigns.groupsHint')}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped withTableBorder data-testid="campaign-groups">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('surveyCampaigns.groupCode')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.groupName')}</Table.Th>
              <Table.Th>{t('surveyCampaigns.groupUnits')}</Table.Th>
              <Table.Th ta="right">{t('surveyCampaigns.linksUsedIssued')}</Table.Th>
              {edit && <Table.Th w={110} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaign.groups.map((g) => (
              <Table.Tr key={g.code} data-testid={`group-row-${g.code}`}>
                <Table.Td>{g.code}</Table.Td>
                <Table.Td>{g.name}</Table.Td>
                <Table.Td>{g.unitCodes.join(', ')}</Table.Td>
                <Table.Td ta="right">
                  {g.linksUsed} / {g.linksIssued}
                </Table.Td>
                {edit && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {campaign.can.issueLinks && (
                        <RowAction label={t('surveyCampaigns.issueLinks')} onClick={() => onIssueLinks(g.code)}>
                          <IconLink size={16} />
                        </RowAction>
                      )}
                      <RowAction label={t('common.edit')} onClick={() => setEditing(g)}>
                        <IconPencil size={16} />
                      </RowAction>
                      <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(g.code)}>
                        <IconTrash size={16} />
                      </RowAction>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            <EmptyRow colSpan={edit ? 5 : 4} show={campaign.groups.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing !== null && <GroupFormModal campaign={campaign} group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        title={t('surveyCampaigns.deleteGroup')}
        message={t('surveyCampaigns.confirmDeleteGroup', { group: deleting ?? '' })}
        confirmLabel={t('common.delete')}
        loading={m.deleteGroup.isPending}
        error={m.deleteGroup.error}
        onConfirm={() => deleting && m.deleteGroup.mutate(deleting, { onSuccess: () => setDeleting(null) })}
        onClose={() => {
          m.deleteGroup.reset();
          setDeleting(null);
        }}
      />
    </Stack>
  );
}
