import { ActionIcon, Group, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconEqual, IconPencil, IconSubtask, IconTrash } from '@tabler/icons-react';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPoints } from '../../format';
import { canMove, childrenSum, depthOf, type DraftCriterion, hundredths, moveCriterion, parentOf, pointsText, updateCriterion } from './draft';

const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

/** The appraiser a criterion inherits: the nearest ancestor's own. */
export function inheritedAppraiser(list: readonly DraftCriterion[], code: string | null): string | null {
  for (let p = code; p !== null; p = parentOf(p)) {
    const own = list.find((c) => c.code === p)?.appraiser;
    if (own) return own;
  }
  return null;
}

interface Props {
  list: DraftCriterion[];
  c: DraftCriterion;
  /** The problems the server found in this criterion, in the user's language. */
  problems: string[] | undefined;
  lang: string;
  change: (next: DraftCriterion[]) => void;
  onEdit: () => void;
  onAddChild: () => void;
  onRemove: () => void;
}

/** One criterion in the tree editor: its code, title and points edited in place, its actions. */
export function EditorRow({ list, c, problems, lang, change, onEdit, onAddChild, onRemove }: Props) {
  const { t } = useTranslation();
  const depth = depthOf(c.code);
  const sum = childrenSum(list, c.code);
  const own = hundredths(c.maxPoints);
  const mismatch = sum !== null && own !== sum;
  const inherited = c.appraiser ? null : inheritedAppraiser(list, parentOf(c.code));
  return (
    <Table.Tr
      key={c.key}
      bg={problems ? 'var(--mantine-color-red-0)' : depth === 0 ? 'var(--mantine-color-gray-0)' : undefined}
      data-testid={`editor-row-${c.code}`}
    >
      <Table.Td style={{ ...nowrap, paddingLeft: 12 + depth * 18 }}>
        <Text size="sm" fw={depth === 0 ? 700 : 500} ff="monospace">
          {c.code || '—'}
        </Text>
      </Table.Td>
      <Table.Td style={{ minWidth: 260 }}>
        <TextInput
          size="xs"
          value={c.title}
          onChange={(e) => change(updateCriterion(list, c.key, { title: e.currentTarget.value }))}
          aria-label={`${t('frameworks.criterionTitle')} ${c.code}`}
          data-testid={`edit-title-${c.code}`}
        />
        {problems?.map((m, i) => (
          <Text key={i} size="xs" c="red" mt={2} data-testid="criterion-issue">
            {m}
          </Text>
        ))}
      </Table.Td>
      <Table.Td style={{ textAlign: 'right', ...nowrap }}>
        <Stack gap={2} align="flex-end">
          <TextInput
            size="xs"
            w={76}
            value={c.maxPoints}
            onChange={(e) => change(updateCriterion(list, c.key, { maxPoints: e.currentTarget.value }))}
            error={mismatch}
            inputMode="decimal"
            styles={{ input: { textAlign: 'right' } }}
            aria-label={`${t('frameworks.maxPoints')} ${c.code}`}
            data-testid={`edit-max-${c.code}`}
          />
          {sum !== null && (
            <Group gap={2} wrap="nowrap">
              <Text size="xs" c={mismatch ? 'red' : 'dimmed'} data-testid={`edit-sum-${c.code}`}>
                Σ {formatPoints(sum / 100, lang)}
              </Text>
              {mismatch && (
                <Tooltip label={t('frameworkEditor.useSum', { sum: formatPoints(sum / 100, lang) })}>
                  <ActionIcon
                    size="xs"
                    variant="light"
                    color="red"
                    aria-label={t('frameworkEditor.useSum', { sum: formatPoints(sum / 100, lang) })}
                    onClick={() => change(updateCriterion(list, c.key, { maxPoints: pointsText(sum, lang !== 'en') }))}
                    data-testid={`edit-use-sum-${c.code}`}
                  >
                    <IconEqual size={12} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          )}
        </Stack>
      </Table.Td>
      <Table.Td style={nowrap}>
        <Text size="sm">{t(`frameworks.methods.${c.method}`)}</Text>
        {c.evidenceRequired && (
          <Text size="xs" c="teal.7">
            {t('frameworks.evidenceRequired')}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={nowrap}>
        {c.appraiser ? (
          <Text size="sm" fw={500}>
            {c.appraiser}
          </Text>
        ) : inherited ? (
          <Text size="sm" c="dimmed" fs="italic">
            {inherited}
          </Text>
        ) : (
          <Text c="dimmed">—</Text>
        )}
      </Table.Td>
      <Table.Td style={nowrap}>
        <Group gap={2} wrap="nowrap">
          <RowAction label={t('frameworkEditor.edit')} onClick={onEdit} testId={`editor-edit-${c.code}`}>
            <IconPencil size={16} />
          </RowAction>
          <RowAction label={t('frameworkEditor.addChild')} onClick={onAddChild} testId={`editor-add-child-${c.code}`}>
            <IconSubtask size={16} />
          </RowAction>
          <RowAction
            label={t('frameworkEditor.moveUp')}
            disabled={!canMove(list, c.key, -1)}
            onClick={() => change(moveCriterion(list, c.key, -1))}
            testId={`editor-up-${c.code}`}
          >
            <IconArrowUp size={16} />
          </RowAction>
          <RowAction
            label={t('frameworkEditor.moveDown')}
            disabled={!canMove(list, c.key, 1)}
            onClick={() => change(moveCriterion(list, c.key, 1))}
            testId={`editor-down-${c.code}`}
          >
            <IconArrowDown size={16} />
          </RowAction>
          <RowAction label={t('frameworkEditor.remove')} color="red" onClick={onRemove} testId={`editor-remove-${c.code}`}>
            <IconTrash size={16} />
          </RowAction>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function RowAction(props: { label: string; onClick: () => void; testId: string; disabled?: boolean; color?: string; children: ReactNode }) {
  return (
    <Tooltip label={props.label}>
      <ActionIcon
        variant="subtle"
        color={props.color}
        size="md"
        aria-label={props.label}
        disabled={props.disabled}
        onClick={props.onClick}
        data-testid={props.testId}
      >
        {props.children}
      </ActionIcon>
    </Tooltip>
  );
}
