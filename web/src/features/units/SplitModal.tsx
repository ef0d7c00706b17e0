import { ActionIcon, Button, Group, Modal, NumberInput, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocks } from '../blocks/api';
import { unitsApi, useUnitMutation } from './api';
import type { UnitDetail } from './api';
import { currentYear } from '../../format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, blockOption } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';

interface Props {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
}

interface Part {
  code: string;
  name: string;
  blockCode: string | null;
}

const emptyPart = (blockCode: string | null): Part => ({ code: '', name: '', blockCode });

export function SplitModal({ unit, opened, onClose }: Props) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const blocks = useBlocks();
  const [parts, setParts] = useState<Part[]>([]);
  const [year, setYear] = useState<number | string>(currentYear());

  // Fill the fields each time the dialog opens (or shows a newer version of the unit).
  const [shownFor, setShownFor] = useState<UnitDetail | null>(null);
  if (opened && shownFor !== unit) {
    setShownFor(unit);
    setParts([emptyPart(unit.blockCode), emptyPart(unit.blockCode)]);
    setYear(currentYear());
  }
  if (!opened && shownFor !== null) setShownFor(null);

  const split = useUnitMutation((body: Parameters<typeof unitsApi.split>[1]) => unitsApi.split(unit.code, body), t('unitDetail.splitDone'));
  const close = () => {
    split.reset();
    onClose();
  };
  const update = (index: number, patch: Partial<Part>) => setParts((prev) => prev.map((p, i) => (i === index ? { ...p, ...patch } : p)));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const into = parts.map((p) => ({
      code: p.code.trim(),
      name: p.name.trim(),
      ...(unit.parentCode ? { parentCode: unit.parentCode } : {}),
      ...(p.blockCode ? { blockCode: p.blockCode } : {}),
    }));
    split.mutate({ into, year: typeof year === 'number' ? year : undefined }, { onSuccess: close });
  };
  const errors = fieldErrorsOf(split.error);
  const shown = ['year', 'into', ...parts.flatMap((_, i) => [`into.${i}.code`, `into.${i}.name`, `into.${i}.blockCode`])];
  const blockOptions = (blocks.data ?? []).map(blockOption);

  return (
    <Modal opened={opened} onClose={close} title={t('unitDetail.splitTitle', { code: unit.code })} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('unitDetail.splitHint')}
          </Text>
          {split.error && <ErrorAlert error={split.error} hideFieldIssues={shown} />}
          <NumberInput
            data-testid="split-year"
            label={t('units.year')}
            value={year}
            onChange={setYear}
            error={errors.year}
            min={2000}
            max={2100}
            maw={160}
            required
          />
          {errors.into && (
            <Text c="red" size="sm">
              {errors.into}
            </Text>
          )}
          {parts.map((part, i) => (
            <Paper key={i} withBorder p="sm">
              <Group align="flex-start" wrap="wrap" grow>
                <TextInput
                  label={t('units.code')}
                  value={part.code}
                  onChange={(e) => update(i, { code: e.currentTarget.value })}
                  error={errors[`into.${i}.code`]}
                  required
                  miw={120}
                  data-testid={`split-code-${i}`}
                />
                <TextInput
                  label={t('units.name')}
                  value={part.name}
                  onChange={(e) => update(i, { name: e.currentTarget.value })}
                  error={errors[`into.${i}.name`]}
                  required
                  miw={180}
                  data-testid={`split-name-${i}`}
                />
                <SearchSelect
                  label={t('units.block')}
                  data={blockOptions}
                  value={part.blockCode}
                  onChange={(v) => update(i, { blockCode: v })}
                  error={errors[`into.${i}.blockCode`]}
                  clearable
                  miw={140}
                />
              </Group>
              {parts.length > 2 && (
                <Group justify="flex-end" mt={4}>
                  <ActionIcon variant="subtle" color="red" onClick={() => setParts((prev) => prev.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Paper>
          ))}
          <Group justify="space-between">
            <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => setParts((prev) => [...prev, emptyPart(unit.blockCode)])}>
              {t('unitDetail.addPart')}
            </Button>
            <Group>
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={split.isPending} data-testid="split-submit">
                {t('unitDetail.split')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
