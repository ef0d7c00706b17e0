import { ActionIcon, Badge, Code, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconInfoCircle } from '@tabler/icons-react';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../components/YearSelect';
import { formatPoints } from '../../format';
import type { CriterionNode, Method } from './api';
import { FormulaVariableList } from '../../components/FormulaVariableList';
import { useMeasureText } from '../results/SurveySourceLine';

const METHOD_COLORS: Record<Method, string> = { manual: 'blue', survey: 'violet', formula: 'cyan', bonus: 'green', penalty: 'red' };

export function MethodBadge({ method }: { method: Method }) {
  const { t } = useTranslation();
  return (
    <Badge color={METHOD_COLORS[method] ?? 'gray'} variant="light" size="sm">
      {t(`frameworks.methods.${method}`, { defaultValue: method })}
    </Badge>
  );
}

interface Row {
  node: CriterionNode;
  depth: number;
}

/** The tree in file order, each criterion with its depth (field = 0). */
function flatten(nodes: CriterionNode[], depth = 0, out: Row[] = []): Row[] {
  for (const node of nodes) {
    out.push({ node, depth });
    flatten(node.children, depth + 1, out);
  }
  return out;
}

const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

/** The criteria of a framework as a read-only tree: code, title, points, method, evidence, appraiser, guidance, formula. */
export function CriteriaTable({ criteria }: { criteria: CriterionNode[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = useMemo(() => flatten(criteria), [criteria]);
  const measureText = useMeasureText();
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table withTableBorder highlightOnHover verticalSpacing={6} data-testid="criteria-table">
        <Table.Thead style={{ verticalAlign: 'bottom' }}>
          <Table.Tr>
            <Table.Th>{t('frameworks.code')}</Table.Th>
            <Table.Th>{t('frameworks.criterionTitle')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('frameworks.maxPoints')}</Table.Th>
            <Table.Th>{t('frameworks.method')}</Table.Th>
            <Table.Th>{t('frameworks.evidence')}</Table.Th>
            <Table.Th>{t('frameworks.appraiser')}</Table.Th>
            <Table.Th>{t('frameworks.guidance')}</Table.Th>
            <Table.Th>{t('frameworks.formula')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ node, depth }) => {
            return (
              <Table.Tr key={node.code} bg={depth === 0 ? 'var(--mantine-color-gray-0)' : undefined} data-testid={`criterion-${node.code}`}>
                <Table.Td style={{ ...nowrap, paddingLeft: 12 + depth * 18 }}>
                  <Text size="sm" fw={depth === 0 ? 700 : node.leaf ? 400 : 600} ff="monospace">
                    {node.code}
                  </Text>
                </Table.Td>
                <Table.Td style={{ minWidth: 240 }}>
                  <Text size="sm" fw={depth === 0 ? 700 : undefined}>
                    {node.title}
                  </Text>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', ...nowrap }}>
                  <Text size="sm" fw={depth === 0 ? 700 : undefined}>
                    {formatPoints(node.maxPoints, lang)}
                  </Text>
                </Table.Td>
                <Table.Td style={nowrap}>
                  <MethodBadge method={node.method} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'center' }}>
                  {node.evidenceRequired ? (
                    <Tooltip label={t('frameworks.evidenceRequired')}>
                      <IconCheck size={18} color="var(--mantine-color-teal-7)" aria-label={t('frameworks.evidenceRequired')} />
                    </Tooltip>
                  ) : null}
                </Table.Td>
                <Table.Td style={nowrap}>
                  {node.effectiveAppraiser ? (
                    node.appraiser ? (
                      <Text size="sm" fw={500}>
                        {node.effectiveAppraiser}
                      </Text>
                    ) : (
                      <Tooltip label={t('frameworks.inherited')}>
                        <Text size="sm" c="dimmed" fs="italic">
                          {node.effectiveAppraiser}
                        </Text>
                      </Tooltip>
                    )
                  ) : (
                    <Text c="dimmed">—</Text>
                  )}
                </Table.Td>
                <Table.Td style={{ textAlign: 'center' }}>
                  {node.guidance ? (
                    <Tooltip label={node.guidance} multiline w={320} events={{ hover: true, focus: true, touch: true }}>
                      <ActionIcon variant="subtle" size="sm" aria-label={t('frameworks.guidance')} data-testid={`guidance-${node.code}`}>
                        <IconInfoCircle size={18} />
                      </ActionIcon>
                    </Tooltip>
                  ) : null}
                </Table.Td>
                <Table.Td style={{ minWidth: 200, maxWidth: 320 }}>
                  {node.formula ? (
                    <>
                      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }} data-testid="criterion-formula">
                        {node.formula}
                      </Code>
                      <FormulaVariableList formula={node.formula} testId={`formula-vars-${node.code}`} />
                    </>
                  ) : node.survey ? (
                    // A survey criterion's link: its points come from this campaign's measure.
                    <Text size="xs" data-testid={`criterion-survey-link-${node.code}`}>
                      {t('surveyCriteria.linkSummary', { campaign: node.survey.campaign, measure: measureText(node.survey.measure) })}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
