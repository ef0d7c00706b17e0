import { Anchor, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyRow } from '../../components/TableParts';
import { NotSubmittedBadge } from '../../components/NotSubmittedBadge';
import { useLang } from '../../components/YearSelect';
import { ClassBadge, RankChange } from './parts';
import { formatDecimal, signedPoints } from '../../format';
import type { BlockResults, PublicResults, UnitRanking } from './api';
import { useProblemText } from './problem';

/** Bonus and penalty fields never count in the maximum, so they have no index: their column shows points. */
export function pointsOnlyFields(results: Pick<BlockResults, 'fields'>): Set<string> {
  return new Set(results.fields.filter((f) => f.method === 'bonus' || f.method === 'penalty').map((f) => f.code));
}

// The unit column stays in view while a phone scrolls the table sideways.
const stickyCell: CSSProperties = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  boxShadow: 'inset -1px 0 0 var(--mantine-color-gray-3)',
};
const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };
// Headers of number columns may wrap ("Điểm tự / đánh giá"), so the table stays narrow enough to show a few fields.
const numHead: CSSProperties = { textAlign: 'right', verticalAlign: 'bottom', minWidth: 84, maxWidth: 110 };
const head: CSSProperties = { verticalAlign: 'bottom' };

interface Props {
  results: PublicResults['results'];
  /** Link of a unit's own results page; none on the public page. */
  unitHref?: (unit: UnitRanking) => string;
}

/** The ranking officials print: STT, unit, self score, final score, index, rank, change, class, one column per field. */
export function RankingTable({ results, unitHref }: Props) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const lang = useLang();
  const pointsOnly = pointsOnlyFields(results);
  const columns = 8 + results.fields.length;

  return (
    <Table.ScrollContainer minWidth={560 + results.fields.length * 92}>
      <Table withTableBorder withColumnBorders highlightOnHover verticalSpacing={6} data-testid="ranking-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ ...numHead, minWidth: 40 }}>{t('results.stt')}</Table.Th>
            <Table.Th style={{ ...stickyCell, ...head, minWidth: 150 }}>{t('results.unit')}</Table.Th>
            <Table.Th style={numHead}>{t('results.selfScore')}</Table.Th>
            <Table.Th style={numHead}>{t('results.finalScore')}</Table.Th>
            <Table.Th style={numHead}>{t('results.index')}</Table.Th>
            <Table.Th style={numHead}>{t('results.rank')}</Table.Th>
            <Table.Th style={{ ...head, whiteSpace: 'nowrap' }}>
              <Tooltip label={t('results.changeHint')}>
                <span>{t('results.change')}</span>
              </Tooltip>
            </Table.Th>
            <Table.Th style={head}>{t('results.class')}</Table.Th>
            {results.fields.map((f) => (
              <Table.Th key={f.code} style={{ minWidth: 88, maxWidth: 130, verticalAlign: 'bottom' }} data-testid={`field-col-${f.code}`}>
                <Tooltip label={`${f.code}. ${f.title}`} multiline w={280}>
                  <Text size="xs" fw={600} lineClamp={3}>
                    {f.code}. {f.title}
                  </Text>
                </Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.units.map((u, i) => (
            <Table.Tr key={u.unitCode} data-testid={`ranking-row-${u.unitCode}`}>
              <Table.Td style={num}>{i + 1}</Table.Td>
              <Table.Td style={stickyCell}>
                <Stack gap={0}>
                  {unitHref ? (
                    <Anchor component={Link} to={unitHref(u)} size="sm" fw={500} data-testid={`unit-link-${u.unitCode}`}>
                      {u.unitName}
                    </Anchor>
                  ) : (
                    <Text size="sm" fw={500}>
                      {u.unitName}
                    </Text>
                  )}
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {u.unitCode}
                    </Text>
                    {u.notSubmitted && <NotSubmittedBadge open={results.status === 'open'} />}
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td style={num} data-testid="cell-self">
                {formatDecimal(u.selfScore, lang)}
              </Table.Td>
              <Table.Td style={num} data-testid="cell-score">
                <Tooltip label={t('results.ofMax', { max: formatDecimal(u.maxScore, lang) })} disabled={u.maxScore === null}>
                  <span>{formatDecimal(u.score, lang)}</span>
                </Tooltip>
              </Table.Td>
              <Table.Td style={num} data-testid="cell-index">
                {u.index === null ? (
                  <Tooltip label={u.problem ? problemText(u.problem) : t('results.noIndex')} multiline w={280}>
                    <Text c="red" span>
                      —
                    </Text>
                  </Tooltip>
                ) : (
                  <Text fw={700} span>
                    {formatDecimal(u.index, lang)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={num} data-testid="cell-rank">
                <Text fw={700} span>
                  {u.rank ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td style={{ textAlign: 'center' }} data-testid="cell-change">
                <RankChange rank={u.rank} previousRank={u.previousRank} />
              </Table.Td>
              <Table.Td data-testid="cell-class">
                <ClassBadge label={u.class} classes={results.classes} />
              </Table.Td>
              {results.fields.map((f, at) => {
                const r = u.fields[at];
                return (
                  <Table.Td key={f.code} style={num} data-testid={`cell-field-${f.code}`}>
                    {!r ? (
                      '—'
                    ) : pointsOnly.has(f.code) ? (
                      <Tooltip label={t('results.pointsHint')}>
                        <Text size="sm" c={r.score ? undefined : 'dimmed'} span>
                          {t('results.points', { value: signedPoints(f.method, r.score, lang) })}
                        </Text>
                      </Tooltip>
                    ) : (
                      formatDecimal(r.index, lang)
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
          <EmptyRow colSpan={columns} show={results.units.length === 0} />
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
