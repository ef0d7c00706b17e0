import { Code, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

// Fields whose values are codes with a name in the strings: a stage, a role, a unit's or round's status, a method.
const VALUE_NAMES: Record<string, string[]> = {
  stage: ['cycle.stage'],
  role: ['roles'],
  status: ['unitStatus', 'home.roundStatus'],
  method: ['frameworks.methods'],
};

export interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** Top-level field comparison; nested values are compared by their JSON text. */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const b = isRecord(before) ? before : before == null ? {} : { value: before };
  const a = isRecord(after) ? after : after == null ? {} : { value: after };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => ({
    key,
    before: b[key],
    after: a[key],
    changed: JSON.stringify(b[key]) !== JSON.stringify(a[key]),
  }));
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'diff' | 'json'>('diff');
  /** A value as people read it: a known code by its name ("Tự đánh giá", not self_assessment). */
  const showValue = (key: string, value: unknown) =>
    typeof value === 'string' && VALUE_NAMES[key]
      ? t(
          VALUE_NAMES[key].map((prefix) => `${prefix}.${value}`),
          { defaultValue: value },
        )
      : show(value);
  // On a create or delete every field "changes"; highlighting all of them says nothing.
  const isUpdate = before != null && after != null;
  const rows = diffRows(before, after)
    .map((r) => ({ ...r, changed: isUpdate && r.changed }))
    .sort((a, b) => Number(b.changed) - Number(a.changed));

  return (
    <Stack gap="xs" data-testid="audit-diff">
      <SegmentedControl
        size="xs"
        w="fit-content"
        value={mode}
        onChange={(v) => setMode(v as 'diff' | 'json')}
        data={[
          { value: 'diff', label: t('audit.viewDiff') },
          { value: 'json', label: t('audit.viewJson') },
        ]}
      />
      {mode === 'diff' ? (
        rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('audit.noData')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table withTableBorder withColumnBorders fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.field')}</Table.Th>
                  <Table.Th>{t('audit.before')}</Table.Th>
                  <Table.Th>{t('audit.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.key} bg={r.changed ? 'yellow.0' : undefined}>
                    <Table.Td fw={r.changed ? 600 : undefined} title={r.key} data-testid="audit-field" data-code={r.key}>
                      {t(`auditLabels.fields.${r.key}`, { defaultValue: r.key })}
                    </Table.Td>
                    <Table.Td c={r.changed ? 'red.8' : isUpdate ? 'dimmed' : undefined} style={{ wordBreak: 'break-word' }}>
                      {r.changed && r.before !== undefined ? <s>{showValue(r.key, r.before)}</s> : showValue(r.key, r.before)}
                    </Table.Td>
                    <Table.Td c={r.changed ? 'green.9' : isUpdate ? 'dimmed' : undefined} style={{ wordBreak: 'break-word' }}>
                      {showValue(r.key, r.after)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {(
            [
              ['audit.before', before],
              ['audit.after', after],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <Text size="xs" c="dimmed" mb={4}>
                {t(label)}
              </Text>
              <Code block style={{ maxHeight: 360, overflow: 'auto' }}>
                {value == null ? '—' : JSON.stringify(value, null, 2)}
              </Code>
            </div>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
