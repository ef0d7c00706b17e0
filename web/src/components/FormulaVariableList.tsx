import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FORMULA_VARIABLE_LABELS, formulaVariableLabel, formulaVariablesIn } from '../../../src/domain/formula-labels';
import { useLang } from './YearSelect';

/**
 * The variables of a formula with what they mean ("onTimeRate — Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (%)"):
 * those the formula uses, or with `all` every variable the platform offers (the editor's reminder).
 */
export function FormulaVariableList({ formula, all = false, testId }: { formula?: string | null; all?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const names = all ? Object.keys(FORMULA_VARIABLE_LABELS) : formulaVariablesIn(formula);
  if (names.length === 0) return null;
  return (
    <Stack gap={0} mt={4} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {all ? t('formulaVars.available') : t('formulaVars.used')}
      </Text>
      {names.map((name) => (
        <Text key={name} size="xs" c="dimmed" data-testid={`formula-var-${name}`} style={{ overflowWrap: 'anywhere' }}>
          {/* Not a <code>: the criteria table's formula is the cell's one code block. */}
          <Text span inherit ff="monospace">
            {name}
          </Text>{' '}
          — {formulaVariableLabel(name, lang)}
        </Text>
      ))}
    </Stack>
  );
}
