import { Button, Group, Modal, NumberInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocks } from '../blocks/api';
import { unitsApi, useUnitMutation } from './api';
import type { UnitDetail } from './api';
import { currentYear } from '../../format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';

interface Props {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
}

export function MembershipModal({ unit, opened, onClose }: Props) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const blocks = useBlocks();
  const [year, setYear] = useState<number | string>(currentYear());
  const [blockCode, setBlockCode] = useState<string | null>(null);

  // Fill the fields each time the dialog opens (or shows a newer version of the unit).
  const [shownFor, setShownFor] = useState<UnitDetail | null>(null);
  if (opened && shownFor !== unit) {
    setShownFor(unit);
    const y = currentYear();
    setYear(y);
    setBlockCode(unit.memberships.find((m) => m.year === y)?.blockCode ?? unit.blockCode);
  }
  if (!opened && shownFor !== null) setShownFor(null);

  const save = useUnitMutation(
    (input: { year: number; blockCode: string }) => unitsApi.setMembership(unit.code, input.year, input.blockCode),
    t('unitDetail.membershipSaved'),
  );
  const close = () => {
    save.reset();
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (typeof year !== 'number' || !blockCode) return;
    save.mutate({ year, blockCode }, { onSuccess: close });
  };
  const errors = fieldErrorsOf(save.error);

  return (
    <Modal opened={opened} onClose={close} title={t('unitDetail.setBlockTitle', { code: unit.code })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {save.error && <ErrorAlert error={save.error} hideFieldIssues={['blockCode', 'year']} />}
          <NumberInput label={t('units.year')} value={year} onChange={setYear} error={errors.year} min={2000} max={2100} required />
          <SearchSelect
            label={t('units.block')}
            data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }))}
            value={blockCode}
            onChange={setBlockCode}
            error={errors.blockCode}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!blockCode || typeof year !== 'number'}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
