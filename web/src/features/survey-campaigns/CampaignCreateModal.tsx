import { Checkbox, Group, MultiSelect, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { DateInput } from '../../components/DateInput';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { YearSelect } from '../../components/YearSelect';
import { useBlocks } from '../blocks/api';
import { useUnits } from '../units/api';
import { useCreateCampaign, useTemplateOptions } from './api';
import { CHANNELS } from './CampaignParts';

type UnitsBy = 'block' | 'units' | 'groups';

const FIELDS = ['code', 'name', 'templateCode', 'year', 'opensOn', 'closesOn', 'channels', 'blockCode', 'unitCodes'] as const;

/** A new campaign: template, year, dates, channels, double entry, and its units by block or picked one by one. */
export function CampaignCreateModal({ opened, year: initialYear, onClose }: { opened: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCampaign();
  const fieldErrors = useFieldErrors();
  const templates = useTemplateOptions(opened);
  const blocks = useBlocks();
  const [year, setYear] = useState(initialYear);
  const units = useUnits({ year });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [templateCode, setTemplateCode] = useState<string | null>(null);
  const [opensOn, setOpensOn] = useState(`${initialYear}-01-01`);
  const [closesOn, setClosesOn] = useState(`${initialYear}-12-31`);
  const [channels, setChannels] = useState<string[]>([...CHANNELS]);
  const [doubleEntry, setDoubleEntry] = useState(false);
  const [unitsBy, setUnitsBy] = useState<UnitsBy>('block');
  const [blockCode, setBlockCode] = useState<string | null>(null);
  const [unitCodes, setUnitCodes] = useState<string[]>([]);
  const errors = fieldErrors(create.error);
  const template = templates.data?.find((tpl) => tpl.code === templateCode);
  const officials = template?.kind === 'officials';

  const changeYear = (next: number) => {
    setYear(next);
    // Dates follow the year while they are the whole year.
    if (opensOn === `${year}-01-01`) setOpensOn(`${next}-01-01`);
    if (closesOn === `${year}-12-31`) setClosesOn(`${next}-12-31`);
  };

  const submit = () =>
    create.mutate(
      {
        code: code.trim(),
        name: name.trim(),
        templateCode: templateCode ?? '',
        year,
        opensOn,
        closesOn,
        channels: channels as (typeof CHANNELS)[number][],
        doubleEntry,
        ...(unitsBy === 'block' ? { blockCode: blockCode ?? '' } : unitsBy === 'units' ? { unitCodes } : {}),
      },
      {
        onSuccess: (detail) => {
          notifications.show({ color: 'green', message: t('surveyCampaigns.created', { code: detail.code, units: detail.units.length }) });
          onClose();
          navigate(`/surveys/campaigns/${encodeURIComponent(detail.code)}`);
        },
      },
    );

  return (
    <FormModal
      opened={opened}
      title={t('surveyCampaigns.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      loading={create.isPending}
      error={create.error}
      fieldNames={FIELDS}
      size="lg"
      testId="campaign-create"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('surveyCampaigns.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={errors.code}
          data-testid="campaign-code"
        />
        <Select
          label={t('surveyCampaigns.template')}
          data={(templates.data ?? []).map((tpl) => ({ value: tpl.code, label: `${tpl.code} — ${tpl.name}` }))}
          value={templateCode}
          onChange={(value) => {
            setTemplateCode(value);
            const picked = templates.data?.find((tpl) => tpl.code === value);
            if (picked?.kind === 'officials') setUnitsBy('groups');
            if (!name && picked) setName(`${picked.name} ${year}`);
          }}
          error={errors.templateCode}
          searchable
          data-testid="campaign-template"
        />
      </SimpleGrid>
      <TextInput
        label={t('surveyCampaigns.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-testid="campaign-name"
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <YearSelect value={year} onChange={changeYear} label={t('surveyCampaigns.year')} testId="campaign-year" />
        <DateInput label={t('surveyCampaigns.opensOn')} value={opensOn} onChange={setOpensOn} error={errors.opensOn} data-testid="campaign-opens" />
        <DateInput label={t('surveyCampaigns.closesOn')} value={closesOn} onChange={setClosesOn} error={errors.closesOn} data-testid="campaign-closes" />
      </SimpleGrid>
      <Checkbox.Group label={t('surveyCampaigns.channels')} value={channels} onChange={setChannels} error={errors.channels}>
        <Group mt="xs" gap="md">
          {CHANNELS.map((c) => (
            <Checkbox key={c} value={c} label={t(`surveyCampaigns.channel.${c}`)} data-testid={`campaign-channel-${c}`} />
          ))}
        </Group>
      </Checkbox.Group>
      <Switch label={t('surveyCampaigns.doubleEntry')} checked={doubleEntry} onChange={(e) => setDoubleEntry(e.currentTarget.checked)} />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('surveyCampaigns.unitsBy')}
        </Text>
        <SegmentedControl
          value={unitsBy}
          onChange={(v) => setUnitsBy(v as UnitsBy)}
          data={[
            { value: 'block', label: t('surveyCampaigns.byBlock') },
            { value: 'units', label: t('surveyCampaigns.byUnits') },
            ...(officials ? [{ value: 'groups', label: t('surveyCampaigns.byGroups') }] : []),
          ]}
          data-testid="campaign-units-by"
        />
        {unitsBy === 'block' && (
          <Select
            label={t('surveyCampaigns.block')}
            data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.code} — ${b.name}` }))}
            value={blockCode}
            onChange={setBlockCode}
            error={errors.blockCode}
            searchable
            data-testid="campaign-block"
          />
        )}
        {unitsBy === 'units' && (
          <MultiSelect
            label={t('surveyCampaigns.unitsPicked')}
            data={(units.data?.items ?? []).map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }))}
            value={unitCodes}
            onChange={setUnitCodes}
            error={errors.unitCodes}
            searchable
            data-testid="campaign-units"
          />
        )}
        {unitsBy === 'groups' && (
          <Text size="sm" c="dimmed">
            {t('surveyCampaigns.byGroupsHint')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('surveyCampaigns.targetHint')}
        </Text>
      </Stack>
    </FormModal>
  );
}
