import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TemplateOption, TemplateQuestion } from './api';

export const QUESTION_TYPES = ['single', 'multi', 'scale', 'number', 'text'] as const;
export const QUESTION_ROLES = ['perception', 'satisfaction', 'expectation', 'profile', 'other'] as const;
const SCALE_CODES = ['1', '2', '3', '4', '5'];
const unique = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];

interface Props {
  index: number;
  count: number;
  question: TemplateQuestion;
  /** Earlier questions a show-if can depend on (choice or scale). */
  earlier: TemplateQuestion[];
  /** The server's problems of this question, by field (`code`, `options.0.label`, `showIf`…). */
  errors: Record<string, string>;
  onChange: (question: TemplateQuestion) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One question of the editor: its fields, its options and its show-if, stacked on a phone. */
export function QuestionCard({ index, count, question: q, earlier, errors, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<TemplateQuestion>) => onChange({ ...q, ...patch });
  const setOption = (j: number, patch: Partial<TemplateOption>) => set({ options: q.options.map((o, k) => (k === j ? { ...o, ...patch } : o)) });
  const takesOptions = q.type === 'single' || q.type === 'multi' || q.type === 'scale';
  const dependsOn = earlier.find((e) => e.code === q.showIf?.question);
  // Mantine refuses repeated choices: codes being typed may repeat until the server refuses them, so list each once.
  const dependChoices = unique(dependsOn ? (dependsOn.type === 'scale' ? SCALE_CODES : dependsOn.options.map((o) => o.code)) : []);
  const dependable = unique(earlier.filter((e) => e.type === 'single' || e.type === 'multi' || e.type === 'scale').map((e) => e.code));
  const own = Object.entries(errors).filter(
    ([field]) => !['code', 'section', 'text', 'type', 'role'].includes(field) && !field.startsWith('options.') && field !== 'showIf',
  );

  return (
    <Paper withBorder p="sm" data-testid={`question-${index}`} style={Object.keys(errors).length ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Badge variant="light">{index + 1}</Badge>
            <Text fw={500} size="sm" lineClamp={1}>
              {q.code || t('surveyTemplates.newQuestion')}
            </Text>
          </Group>
          <Group gap={0} wrap="nowrap">
            <ActionIcon variant="subtle" aria-label={t('surveyTemplates.moveUp')} disabled={index === 0} onClick={() => onMove(-1)}>
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={t('surveyTemplates.moveDown')} disabled={index === count - 1} onClick={() => onMove(1)}>
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('surveyTemplates.removeQuestion')}
              onClick={onRemove}
              data-testid={`question-${index}-remove`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput
            label={t('surveyTemplates.code')}
            value={q.code}
            onChange={(e) => set({ code: e.currentTarget.value })}
            error={errors.code}
            required
            data-testid={`question-${index}-code`}
          />
          <TextInput
            label={t('surveyTemplates.section')}
            description={t('surveyTemplates.sectionHelp')}
            value={q.section}
            onChange={(e) => set({ section: e.currentTarget.value })}
            error={errors.section}
            required
            data-testid={`question-${index}-section`}
          />
        </SimpleGrid>
        <Textarea
          label={t('surveyTemplates.text')}
          value={q.text}
          onChange={(e) => set({ text: e.currentTarget.value })}
          error={errors.text}
          autosize
          minRows={2}
          required
          data-testid={`question-${index}-text`}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          <Select
            label={t('surveyTemplates.type')}
            data={QUESTION_TYPES.map((value) => ({ value, label: t(`surveyTemplates.types.${value}`) }))}
            value={q.type}
            onChange={(value) => value && set({ type: value as TemplateQuestion['type'] })}
            error={errors.type}
            allowDeselect={false}
            data-testid={`question-${index}-type`}
          />
          <Select
            label={t('surveyTemplates.role')}
            data={QUESTION_ROLES.map((value) => ({ value, label: t(`surveyTemplates.roles.${value}`) }))}
            value={q.role}
            onChange={(value) => value && set({ role: value as TemplateQuestion['role'] })}
            error={errors.role}
            allowDeselect={false}
          />
          <Checkbox
            label={t('surveyTemplates.required')}
            checked={q.required}
            onChange={(e) => set({ required: e.currentTarget.checked })}
            mt={{ base: 0, xs: 'xl' }}
          />
        </SimpleGrid>

        {(takesOptions || q.options.length > 0) && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {q.type === 'scale' ? t('surveyTemplates.scaleLabels') : t('surveyTemplates.options')}
            </Text>
            {errors.options && (
              <Text size="xs" c="red">
                {errors.options}
              </Text>
            )}
            {q.options.map((o, j) => (
              <Group key={j} gap="xs" align="flex-start" wrap="wrap" data-testid={`question-${index}-option-${j}`}>
                <TextInput
                  aria-label={t('surveyTemplates.optionCode')}
                  placeholder={t('surveyTemplates.optionCode')}
                  value={o.code}
                  onChange={(e) => setOption(j, { code: e.currentTarget.value })}
                  error={errors[`options.${j}.code`]}
                  w={90}
                />
                <TextInput
                  aria-label={t('surveyTemplates.optionLabel')}
                  placeholder={t('surveyTemplates.optionLabel')}
                  value={o.label}
                  onChange={(e) => setOption(j, { label: e.currentTarget.value })}
                  error={errors[`options.${j}.label`]}
                  style={{ flex: '1 1 160px' }}
                />
                <NumberInput
                  aria-label={t('surveyTemplates.optionWeight')}
                  placeholder={t('surveyTemplates.optionWeight')}
                  value={o.weight ?? ''}
                  onChange={(value) => setOption(j, { weight: value === '' ? null : Number(value) })}
                  error={errors[`options.${j}.weight`]}
                  min={0}
                  max={100}
                  allowDecimal={false}
                  w={90}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  aria-label={t('surveyTemplates.removeOption')}
                  onClick={() => set({ options: q.options.filter((_, k) => k !== j) })}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                onClick={() => set({ options: [...q.options, { code: q.type === 'scale' ? String(q.options.length + 1) : '', label: '' }] })}
                data-testid={`question-${index}-add-option`}
              >
                {t('surveyTemplates.addOption')}
              </Button>
              {q.type === 'scale' && q.options.length === 0 && (
                <Text size="xs" c="dimmed">
                  {t('surveyTemplates.scaleHelp')}
                </Text>
              )}
            </Group>
          </Stack>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Select
            label={t('surveyTemplates.showIf')}
            placeholder={t('surveyTemplates.always')}
            data={dependable}
            value={q.showIf?.question ?? null}
            onChange={(value) => set({ showIf: value ? { question: value, anyOf: [] } : null })}
            error={errors.showIf}
            clearable
          />
          {q.showIf && (
            <MultiSelect
              label={t('surveyTemplates.showIfAnyOf')}
              data={dependChoices}
              value={q.showIf.anyOf}
              onChange={(anyOf) => set({ showIf: { question: q.showIf!.question, anyOf } })}
            />
          )}
        </SimpleGrid>
        {own.map(([field, message]) => (
          <Text key={field} size="xs" c="red">
            {field}: {message}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
