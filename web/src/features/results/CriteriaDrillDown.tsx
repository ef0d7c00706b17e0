import { Badge, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDecimal } from '../../format';
import { signedPoints } from '../../format';
import { useUnitCriteria } from './api';
import { FormulaInputs } from './FormulaInputs';
import { SurveySourceLine } from './SurveySourceLine';

const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };

/**
 * Where the unit earned and lost points, criterion by criterion, as published (or previewed). Bonus and penalty are
 * outside the maximum: their points show signed (a penalty negative, "−1,00"), without a maximum.
 */
export function CriteriaDrillDown({ year, block, unitCode, lang }: { year: number; block: string; unitCode: string; lang: string }) {
  const { t } = useTranslation();
  const query = useUnitCriteria(year, block, unitCode);
  if (query.isPending) return <Loader size="sm" />;
  if (query.isError) return null;
  const criteria = query.data.criteria;
  const parents = new Set(criteria.map((c) => c.code.split('.').slice(0, -1).join('.')).filter(Boolean));
  const worst = criteria
    .filter((c) => !parents.has(c.code) && c.lost > 0)
    .sort((a, b) => b.lost - a.lost)
    .slice(0, 5);
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }} data-testid="unit-criteria">
      <Title order={4} mb="xs">
        {t('unitResults.drillTitle')}
      </Title>
      {worst.length > 0 && (
        <Group gap="xs" mb="sm" data-testid="unit-worst-criteria">
          <Text size="sm" c="dimmed">
            {t('unitResults.mostLost')}
          </Text>
          {worst.map((c) => (
            <Badge key={c.code} color="red" variant="light" title={c.title}>
              {c.code}: −{formatDecimal(c.lost, lang)}
            </Badge>
          ))}
        </Group>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder striped data-testid="unit-criteria-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('unitResults.criterion')}</Table.Th>
              <Table.Th style={num}>{t('unitResults.score')}</Table.Th>
              <Table.Th style={num}>{t('unitResults.lost')}</Table.Th>
              <Table.Th style={num}>{t('results.index')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {criteria.map((c) => {
              const depth = c.code.split('.').length - 1;
              return (
                <Table.Tr key={c.code} data-testid={`criterion-${c.code}`} style={{ opacity: c.applicable ? 1 : 0.55 }}>
                  <Table.Td style={{ paddingLeft: 8 + depth * 18, fontWeight: depth === 0 ? 600 : undefined, minWidth: 240 }}>
                    {c.code}. {c.title}
                    {!c.applicable && (
                      <Text span size="xs" c="dimmed" ml={6}>
                        ({t('unitResults.notApplicable')})
                      </Text>
                    )}
                    {c.formula && <FormulaInputs detail={c.formula} maxScore={c.maxScore} lang={lang} testId={`formula-${c.code}`} />}
                    {c.survey && <SurveySourceLine source={c.survey} lang={lang} testId={`survey-source-${c.code}`} />}
                  </Table.Td>
                  <Table.Td style={num} data-testid={`criterion-score-${c.code}`}>
                    {c.method === 'bonus' || c.method === 'penalty' ? (
                      <Text span inherit c={c.method === 'penalty' && c.score > 0 ? 'red.7' : c.score > 0 ? 'green.8' : undefined}>
                        {signedPoints(c.method, c.score, lang)}
                      </Text>
                    ) : (
                      `${formatDecimal(c.score, lang)} / ${formatDecimal(c.maxScore, lang)}`
                    )}
                  </Table.Td>
                  <Table.Td style={num}>
                    <Text span inherit c={c.lost > 0 ? 'red.7' : undefined}>
                      {c.lost > 0 ? `−${formatDecimal(c.lost, lang)}` : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td style={num}>{c.index === null ? '—' : formatDecimal(c.index, lang)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
