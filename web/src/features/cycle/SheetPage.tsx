import { Anchor, Badge, Collapse, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useRound, useSheet, type SheetCriterion } from './api';
import { CriterionRow } from './CriterionRow';
import { NotSubmittedBadge } from '../../components/NotSubmittedBadge';
import { SheetTotals } from './SheetTotals';
import { SheetDownloads } from './SheetDownloads';
import { SubmitBar } from './SubmitBar';

const fieldOf = (code: string) => code.split('.')[0]!;

/** The criterion code a `#criterion-<code>` address names, or null. */
function criterionInHash(hash: string): string | null {
  const match = /^#criterion-(.+)$/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

/** How long a criterion reached by its address stays highlighted. */
const HIGHLIGHT_MS = 2500;

/**
 * A unit's sheet in a round: progress and running totals with the field jump list, the leader's submission, and every
 * field (foldable) with its criteria and what the user may do on each. `#criterion-<code>` in the address scrolls to
 * that criterion once the sheet has loaded, opens its field if folded and highlights it for a moment.
 */
export function SheetPage() {
  const { t } = useTranslation();
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const roundId = Number(params.id);
  const unitCode = (params.unitCode ?? '').toUpperCase();
  const sheet = useSheet(roundId, unitCode);
  const round = useRound(roundId);
  const data = sheet.data;
  const submitted = Boolean(data?.submittedAt);
  const pct = data && data.progress.total > 0 ? (data.progress.scored / data.progress.total) * 100 : 0;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [target, setTarget] = useState<{ code: string; at: number } | null>(null);

  const fields = useMemo(() => {
    const groups: { field: SheetCriterion; children: SheetCriterion[] }[] = [];
    for (const c of data?.criteria ?? []) {
      if (!c.code.includes('.')) groups.push({ field: c, children: [] });
      else groups.find((g) => g.field.code === fieldOf(c.code))?.children.push(c);
    }
    return groups;
  }, [data?.criteria]);
  const totalOf = useMemo(() => new Map((data?.totals.fields ?? []).map((f) => [f.code, f])), [data?.totals.fields]);

  /** Opens the criterion's field and asks for the scroll (done once the field is open). */
  const jumpTo = useCallback((code: string) => {
    setCollapsed((prev) => {
      if (!prev.has(fieldOf(code))) return prev;
      const next = new Set(prev);
      next.delete(fieldOf(code));
      return next;
    });
    setTarget({ code, at: Date.now() });
  }, []);

  // The address's #criterion-<code>: on arrival, when the hash changes (a link on the page, the work lists), once loaded.
  const loaded = data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const jump = () => {
      const code = criterionInHash(window.location.hash);
      if (code) jumpTo(code);
    };
    jump();
    window.addEventListener('hashchange', jump);
    return () => window.removeEventListener('hashchange', jump);
  }, [loaded, location.hash, jumpTo]);

  useEffect(() => {
    if (!target) return;
    // After the field's opening transition, so that the criterion is laid out where it stays.
    const scroll = window.setTimeout(() => {
      const element = document.getElementById(`criterion-${target.code}`);
      if (!element) return;
      element.scrollIntoView({ block: 'center' });
      setHighlighted(target.code);
    }, 260);
    const clear = window.setTimeout(() => setHighlighted(null), 260 + HIGHLIGHT_MS);
    return () => {
      window.clearTimeout(scroll);
      window.clearTimeout(clear);
    };
  }, [target]);

  const onJump = (code: string) => {
    window.history.replaceState(window.history.state, '', `#criterion-${code}`);
    jumpTo(code);
  };
  const toggle = (code: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  return (
    <Stack>
      {/* Back where the user came from (a work list keeps its filters); opened from an address, to the rounds. */}
      {location.key !== 'default' ? (
        <Anchor component="button" type="button" size="sm" onClick={() => navigate(-1)} data-testid="sheet-back">
          ← {t('cycle.sheet.back')}
        </Anchor>
      ) : (
        <Anchor component={Link} to="/rounds" size="sm" data-testid="sheet-back">
          ← {t('cycle.rounds.title')}
        </Anchor>
      )}
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} data-testid="sheet-title">
            {t('cycle.sheet.title', { unit: unitCode })}
          </Title>
          {round.data && (
            <Text c="dimmed" size="sm">
              {round.data.year} · {round.data.blockName}
            </Text>
          )}
        </div>
        {data && (
          <Group gap="xs">
            <SheetDownloads roundId={roundId} unitCode={unitCode} />
            {data.missedSubmission ? (
              <NotSubmittedBadge size="lg" />
            ) : (
              <Badge size="lg" color={submitted ? 'green' : 'gray'} variant="light" data-testid="sheet-state">
                {submitted ? t('cycle.sheet.submittedAt', { at: formatDateTime(data.submittedAt) }) : t('cycle.units.notSubmitted')}
              </Badge>
            )}
          </Group>
        )}
      </Group>
      {sheet.error && <ErrorAlert error={sheet.error} />}
      {data && (
        <>
          <Paper withBorder p="sm">
            <Text size="sm" fw={600} data-testid="sheet-progress">
              {t('cycle.sheet.progress', { scored: data.progress.scored, total: data.progress.total })}
            </Text>
            <Progress value={pct} mt={4} />
          </Paper>
          <SheetTotals totals={data.totals} onJump={onJump} />
          {data.can.submit && <SubmitBar roundId={roundId} unitCode={unitCode} />}
          <Stack gap="xs" data-testid="sheet-criteria">
            {fields.map(({ field, children }) => {
              const open = !collapsed.has(field.code);
              const rowProps = { roundId, unitCode, submittedAt: data.submittedAt };
              return (
                <Stack key={field.code} gap="xs" data-testid={`field-${field.code}`}>
                  <CriterionRow
                    c={field}
                    {...rowProps}
                    total={totalOf.get(field.code)}
                    showCurrent={data.totals.appraised}
                    collapsed={!open}
                    onToggle={children.length ? () => toggle(field.code) : undefined}
                    highlighted={highlighted === field.code}
                  />
                  {children.length > 0 && (
                    <Collapse expanded={open} data-testid={`field-body-${field.code}`}>
                      <Stack gap="xs">
                        {children.map((c) => (
                          <CriterionRow key={c.code} c={c} {...rowProps} highlighted={highlighted === c.code} />
                        ))}
                      </Stack>
                    </Collapse>
                  )}
                </Stack>
              );
            })}
          </Stack>
        </>
      )}
    </Stack>
  );
}
