import { Anchor, Group, Paper, Table, Text, Title } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDecimal } from '../../format';
import type { Sheet } from './api';
import { totalPoints } from '../../format';

const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };

type Totals = Sheet['totals'];
type FieldTotal = Totals['fields'][number];

/** "45,50 / 80,00", or for a field outside the maximum (bonus, penalty) the signed points alone ("−2,00"). */
export function fieldTotalText(f: Pick<FieldTotal, 'maxScore' | 'method'>, value: number, lang: string): string {
  if (f.method === 'bonus' || f.method === 'penalty' || f.maxScore === 0) return value > 0 ? `+${formatDecimal(value, lang)}` : totalPoints(value, lang);
  return `${totalPoints(value, lang)} / ${formatDecimal(f.maxScore, lang)}`;
}

/**
 * The sheet's running totals (computed exactly by the server): overall, then one row per field with its progress and
 * points, each field a link that jumps to it (and opens it when folded). `self` is what the unit scored; once anything
 * is appraised, `current` (each criterion's latest stage) stands beside it.
 */
export function SheetTotals({ totals, onJump }: { totals: Totals; onJump: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const o = totals.overall;
  const showCurrent = totals.appraised;
  return (
    <Paper withBorder p="sm" data-testid="sheet-totals">
      <Group justify="space-between" align="baseline" wrap="wrap" mb={4}>
        <Title order={5}>{t('cycle.totals.title')}</Title>
        <Group gap="md" wrap="wrap">
          <Text size="sm" data-testid="sheet-total-self">
            {t('cycle.totals.self')}: <b>{`${totalPoints(o.self, lang)} / ${formatDecimal(o.maxScore, lang)}`}</b>
          </Text>
          {showCurrent && (
            <Text size="sm" data-testid="sheet-total-current">
              {t('cycle.totals.current')}: <b>{`${totalPoints(o.current, lang)} / ${formatDecimal(o.maxScore, lang)}`}</b>
            </Text>
          )}
          {o.bonus > 0 && (
            <Text size="sm" c="green.8" data-testid="sheet-total-bonus">
              {t('cycle.totals.bonus')}: +{formatDecimal(o.bonus, lang)}
            </Text>
          )}
          {o.penalty > 0 && (
            <Text size="sm" c="red.7" data-testid="sheet-total-penalty">
              {t('cycle.totals.penalty')}: −{formatDecimal(o.penalty, lang)}
            </Text>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        {t('cycle.totals.hint')}
      </Text>
      {/* A field's title needs room: on a phone the table scrolls inside its card rather than wrapping word by word. */}
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={4} data-testid="sheet-jump-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cycle.totals.field')}</Table.Th>
              <Table.Th style={num}>{t('cycle.totals.scored')}</Table.Th>
              <Table.Th style={num}>{t('cycle.totals.self')}</Table.Th>
              {showCurrent && <Table.Th style={num}>{t('cycle.totals.current')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {totals.fields.map((f) => (
              <Table.Tr key={f.code} data-testid={`field-total-${f.code}`}>
                <Table.Td style={{ minWidth: 200 }}>
                  <Anchor
                    href={`#criterion-${f.code}`}
                    size="sm"
                    onClick={(e) => {
                      e.preventDefault();
                      onJump(f.code);
                    }}
                    data-testid={`jump-${f.code}`}
                  >
                    {f.code}. {f.title}
                  </Anchor>
                </Table.Td>
                <Table.Td style={num}>{f.total > 0 ? `${f.scored} / ${f.total}` : '—'}</Table.Td>
                <Table.Td style={num} data-testid={`field-total-self-${f.code}`}>
                  {fieldTotalText(f, f.self, lang)}
                </Table.Td>
                {showCurrent && (
                  <Table.Td style={num} data-testid={`field-total-current-${f.code}`}>
                    <Text span inherit c={f.current < 0 ? 'red.7' : undefined}>
                      {fieldTotalText(f, f.current, lang)}
                    </Text>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
