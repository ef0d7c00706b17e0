import { NumberInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useReasonText } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { SearchSelect } from '../../components/SearchSelect';
import { useBlocks } from '../blocks/api';
import { type FrameworkDetail, useCloneFramework } from './api';
import { nameForYear } from './draft';

/** Copy a framework to another year (and block); the name follows the year until the organizer types one. */
export function CloneModal({ opened, onClose, framework }: { opened: boolean; onClose: () => void; framework: FrameworkDetail }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const navigate = useNavigate();
  const blocks = useBlocks();
  const [year, setYear] = useState<number | string>(framework.year + 1);
  const [block, setBlock] = useState<string | null>(framework.blockCode);
  // The name follows the chosen year until the organizer types their own.
  const [typedName, setTypedName] = useState<string | null>(null);
  const name = typedName ?? (typeof year === 'number' ? nameForYear(framework.name, framework.year, year) : framework.name);
  const cloning = useCloneFramework(framework.id);
  const submit = () =>
    cloning.mutate(
      { year: Number(year), blockCode: block, name: name.trim() },
      {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: t('frameworks.cloned', { year: created.year, block: created.blockCode, revision: created.revision }) });
          onClose();
          navigate(`/frameworks/${created.id}`);
        },
      },
    );
  const clone = cloning;
  // The name's own problem beside it, in the user's language.
  const nameIssue = clone.error instanceof ApiError ? clone.error.issues.find((i) => i.path === 'name') : undefined;
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t('frameworks.cloneTitle')}
      onSubmit={() => typeof year === 'number' && name.trim() && submit()}
      submitLabel={t('frameworks.clone')}
      loading={clone.isPending}
      error={clone.error}
      fieldNames={['name']}
      testId="clone"
    >
      <Text size="sm">{t('frameworks.cloneHint')}</Text>
      <NumberInput label={t('results.year')} value={year} onChange={setYear} min={2000} max={2100} data-testid="clone-year" />
      <SearchSelect
        label={t('results.block')}
        data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.code} · ${b.name}` }))}
        value={block}
        onChange={setBlock}
        allowDeselect={false}
      />
      <TextInput
        label={t('frameworkEditor.cloneName')}
        description={t('frameworkEditor.cloneNameHint')}
        value={name}
        onChange={(e) => setTypedName(e.currentTarget.value)}
        error={nameIssue ? reasonText(nameIssue) : undefined}
        data-testid="clone-name"
      />
    </FormModal>
  );
}
