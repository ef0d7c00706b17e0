import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/fieldErrors';
import { currentYear } from '../../format';
import { useBlocks } from '../blocks/api';
import { DATE_FIELDS, useOpenRound } from './api';
import { DateInput } from '../../components/DateInput';

/** The organizer opens the round of a year and block, with its stage dates. */
export function OpenRoundForm() {
  const { t } = useTranslation();
  const blocks = useBlocks();
  const [year, setYear] = useState<number | string>(currentYear());
  const [blockCode, setBlockCode] = useState<string | null>(null);
  const [dates, setDates] = useState<Record<string, string>>({});
  const open = useOpenRound((round) => notifications.show({ color: 'green', message: t('cycle.rounds.opened', { year: round.year, block: round.blockName }) }));
  const errors = useFieldErrors()(open.error);
  return (
    <Paper withBorder p="md" data-testid="round-open-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          open.mutate({ year, blockCode, ...dates });
        }}
      >
        <Stack gap="sm">
          <Title order={4}>{t('cycle.rounds.openTitle')}</Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <NumberInput label={t('cycle.rounds.year')} value={year} onChange={setYear} min={2000} max={2100} error={errors.year} data-testid="round-year" />
            <Select
              label={t('cycle.rounds.block')}
              data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.code} · ${b.name}` }))}
              value={blockCode}
              onChange={setBlockCode}
              error={errors.blockCode}
              data-testid="round-block"
            />
            {DATE_FIELDS.map((f) => (
              <DateInput
                key={f}
                label={t(`cycle.dates.${f}`)}
                value={dates[f] ?? ''}
                onChange={(value) => setDates((d) => ({ ...d, [f]: value }))}
                error={errors[f]}
                data-testid={`round-${f}`}
              />
            ))}
          </SimpleGrid>
          {open.error && <ErrorAlert error={open.error} hideFieldIssues={['year', 'blockCode', ...DATE_FIELDS]} />}
          <Group>
            <Button type="submit" leftSection={<IconPlus size={16} />} loading={open.isPending} data-testid="round-open-submit">
              {t('cycle.rounds.open')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
