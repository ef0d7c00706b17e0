import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useBlocks } from '../blocks/api';
import { unitsApi, useUnitMutation, useUnits } from './api';
import type { UnitDetail } from './api';
import { currentYear } from '../../format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, SearchMultiSelect, unitOption, blockOption } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';

interface Props {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
}

const FIELDS = ['sourceCodes', 'target.code', 'target.name', 'target.parentCode', 'target.blockCode', 'year'];

export function MergeModal({ unit, opened, onClose }: Props) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const units = useUnits({ status: 'active' });
  const blocks = useBlocks();
  const [sourceCodes, setSourceCodes] = useState<string[]>([unit.code]);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [parentCode, setParentCode] = useState<string | null>(null);
  const [blockCode, setBlockCode] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>(currentYear());

  // Fill the fields each time the dialog opens (or shows a newer version of the unit).
  const [shownFor, setShownFor] = useState<UnitDetail | null>(null);
  if (opened && shownFor !== unit) {
    setShownFor(unit);
    setSourceCodes([unit.code]);
    setCode('');
    setName('');
    setParentCode(unit.parentCode);
    setBlockCode(unit.blockCode);
    setYear(currentYear());
  }
  if (!opened && shownFor !== null) setShownFor(null);

  const merge = useUnitMutation(unitsApi.merge, t('unitDetail.merged'));
  const close = () => {
    merge.reset();
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const target = {
      code: code.trim(),
      name: name.trim(),
      ...(parentCode ? { parentCode } : {}),
      ...(blockCode ? { blockCode } : {}),
    };
    merge.mutate(
      { sourceCodes, target, year: typeof year === 'number' ? year : undefined },
      {
        onSuccess: (result) => {
          close();
          navigate(`/units/${encodeURIComponent(result.code)}`);
        },
      },
    );
  };
  const errors = fieldErrorsOf(merge.error);
  const unitOptions = (units.data?.items ?? []).map(unitOption);

  return (
    <Modal opened={opened} onClose={close} title={t('unitDetail.mergeTitle')} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('unitDetail.mergeHint')}
          </Text>
          {merge.error && <ErrorAlert error={merge.error} hideFieldIssues={FIELDS} />}
          <SearchMultiSelect
            label={t('unitDetail.mergeSources')}
            data={unitOptions}
            value={sourceCodes}
            onChange={setSourceCodes}
            error={errors.sourceCodes}
            required
            data-testid="merge-sources"
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('unitDetail.targetCode')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={errors['target.code']}
              required
              data-testid="merge-target-code"
            />
            <NumberInput data-testid="merge-year" label={t('units.year')} value={year} onChange={setYear} error={errors.year} min={2000} max={2100} required />
          </Group>
          <TextInput
            label={t('unitDetail.targetName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors['target.name']}
            required
            data-testid="merge-target-name"
          />
          <Group grow align="flex-start">
            <SearchSelect
              label={t('units.parent')}
              data={unitOptions}
              value={parentCode}
              onChange={setParentCode}
              error={errors['target.parentCode']}
              clearable
            />
            <SearchSelect
              label={t('units.block')}
              data={(blocks.data ?? []).map(blockOption)}
              value={blockCode}
              onChange={setBlockCode}
              error={errors['target.blockCode']}
              clearable
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={merge.isPending} disabled={sourceCodes.length < 2} data-testid="merge-submit">
              {t('unitDetail.merge')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
