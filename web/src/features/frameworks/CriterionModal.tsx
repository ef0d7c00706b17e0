import { Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useUnits } from '../units/api';
import type { Method } from './api';
import type { CriterionFields } from './draft';
import { FormulaVariableList } from '../../components/FormulaVariableList';
import { SurveyLinkFields } from './SurveyLinkFields';

const METHODS: Method[] = ['manual', 'survey', 'formula', 'bonus', 'penalty'];

export interface CriterionModalProps {
  opened: boolean;
  /** A heading line under the title: where the new criterion goes. */
  context?: string;
  title: string;
  submitLabel: string;
  initial: CriterionFields;
  /** The appraiser a criterion without its own inherits, shown as the placeholder. */
  inheritedAppraiser: string | null;
  /** The framework's year: appraisers are that year's units. */
  year: number;
  /** The server's problems with this criterion so far. */
  issues?: string[];
  onSubmit: (fields: CriterionFields) => void;
  onClose: () => void;
}

/** Every field of one criterion, for adding a field or a sub-criterion and for editing one. */
export function CriterionModal(props: CriterionModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 480px)');
  const [fields, setFields] = useState<CriterionFields>(props.initial);
  const units = useUnits({ year: props.year });
  const set = (patch: Partial<CriterionFields>) => setFields((f) => ({ ...f, ...patch }));
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="lg" fullScreen={phone}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit(fields);
        }}
        data-testid="criterion-modal"
      >
        <Stack gap="sm">
          {props.context && (
            <Text size="sm" c="dimmed">
              {props.context}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <TextInput
              label={t('frameworkEditor.code')}
              value={fields.code}
              onChange={(e) => set({ code: e.currentTarget.value })}
              required
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="criterion-code"
            />
            <TextInput
              label={t('frameworkEditor.maxPoints')}
              value={fields.maxPoints}
              onChange={(e) => set({ maxPoints: e.currentTarget.value })}
              inputMode="decimal"
              required
              data-testid="criterion-max"
            />
            <Select
              label={t('frameworkEditor.method')}
              data={METHODS.map((m) => ({ value: m, label: t(`frameworks.methods.${m}`) }))}
              value={fields.method}
              onChange={(v) => v && set({ method: v as Method })}
              allowDeselect={false}
              data-testid="criterion-method"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-6}>
            {t('frameworkEditor.codeHint')}
          </Text>
          <Textarea
            label={t('frameworkEditor.title')}
            value={fields.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            autosize
            minRows={2}
            required
            data-testid="criterion-title"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} verticalSpacing="xs">
            <SearchSelect
              label={t('frameworkEditor.appraiser')}
              data={(units.data?.items ?? []).map(unitOption)}
              value={fields.appraiser}
              onChange={(v) => set({ appraiser: v })}
              clearable
              placeholder={
                props.inheritedAppraiser ? t('frameworkEditor.appraiserInherited', { unit: props.inheritedAppraiser }) : t('frameworkEditor.appraiserNone')
              }
              data-testid="criterion-appraiser"
            />
            <Switch
              label={t('frameworkEditor.evidenceRequired')}
              checked={fields.evidenceRequired}
              onChange={(e) => set({ evidenceRequired: e.currentTarget.checked })}
              mt={{ base: 0, xs: 28 }}
              data-testid="criterion-evidence"
            />
          </SimpleGrid>
          {fields.method === 'formula' && (
            <Textarea
              label={t('frameworkEditor.formula')}
              description={t('frameworkEditor.formulaHint')}
              value={fields.formula}
              onChange={(e) => set({ formula: e.currentTarget.value })}
              autosize
              minRows={2}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="criterion-formula-input"
            />
          )}
          {fields.method === 'formula' && <FormulaVariableList all testId="criterion-formula-vars" />}
          {fields.method === 'survey' && <SurveyLinkFields value={fields.survey ?? null} year={props.year} onChange={(survey) => set({ survey })} />}
          <Textarea
            label={t('frameworkEditor.guidance')}
            value={fields.guidance}
            onChange={(e) => set({ guidance: e.currentTarget.value })}
            autosize
            minRows={2}
            maxRows={8}
            data-testid="criterion-guidance"
          />
          {props.issues?.map((m, i) => (
            <Text key={i} size="sm" c="red">
              {m}
            </Text>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose} data-testid="criterion-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!fields.code.trim()} data-testid="criterion-submit">
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
