import { Alert, Anchor, Badge, Button, Card, Group, Loader, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  IconChartBar,
  IconChecklist,
  IconClockHour4,
  IconFileText,
  IconFolders,
  IconMailForward,
  IconNotebook,
  IconReportAnalytics,
  IconSearch,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { displayDate } from '../../components/DateInput';
import { useLang } from '../../components/YearSelect';
import { formatDecimal } from '../../format';
import { type HomeSheet, type UnitHome, useUnitHome } from './api';

/** "còn 13 ngày", "hạn cuối hôm nay", "đã quá hạn 2 ngày". */
function DaysLeft({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null) return null;
  const color = days < 0 ? 'red' : days <= 3 ? 'orange' : 'green';
  const text = days < 0 ? t('home.daysOverdue', { count: -days }) : days === 0 ? t('home.dueToday') : t('home.daysLeft', { count: days });
  return (
    <Badge color={color} variant="light" data-testid="home-days-left">
      {text}
    </Badge>
  );
}

function SheetCard({ sheet, unitCode, current }: { sheet: HomeSheet; unitCode: string; current: boolean }) {
  const { t } = useTranslation();
  const d = sheet.dates;
  const pct = sheet.progress.total ? (sheet.progress.scored / sheet.progress.total) * 100 : 0;
  const rows: [string, string][] = d
    ? [
        [t('home.dates.selfAssessment'), `${displayDate(d.selfAssessmentFrom)} – ${displayDate(d.selfAssessmentTo)}`],
        [t('home.dates.appraisal'), displayDate(d.appraisalTo)],
        [t('home.dates.explanation'), displayDate(d.explanationTo)],
        [t('home.dates.council'), displayDate(d.councilTo)],
      ]
    : [];
  return (
    <Card withBorder padding="md" data-testid={current ? 'home-current-sheet' : `home-sheet-${sheet.roundId}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Text fw={600}>{t('home.sheetTitle', { year: sheet.year, block: sheet.blockName })}</Text>
            <Group gap={6} mt={4}>
              <Badge variant="light" color={sheet.status === 'open' ? 'blue' : 'gray'}>
                {t(`home.roundStatus.${sheet.status}`)}
              </Badge>
              {/* A past year loaded from a file has no submission; "not submitted" only means something while open. */}
              {(sheet.status === 'open' || sheet.submittedAt) && (
                <Badge variant="light" color={sheet.submittedAt ? 'green' : 'yellow'} data-testid="home-sheet-state">
                  {sheet.submittedAt ? t('home.submitted') : t('home.notSubmitted')}
                </Badge>
              )}
            </Group>
          </div>
          <Button component={Link} to={`/rounds/${sheet.roundId}/units/${unitCode}`} size="sm" data-testid={current ? 'home-open-sheet' : undefined}>
            {t('home.openSheet')}
          </Button>
        </Group>
        {sheet.progress.total > 0 && (
          <div>
            <Text size="sm">{t('home.progress', { scored: sheet.progress.scored, total: sheet.progress.total })}</Text>
            <Progress value={pct} size="sm" mt={4} />
          </div>
        )}
        {sheet.selfAssessmentDeadline && !sheet.submittedAt && sheet.status === 'open' && (
          <Group gap="xs" data-testid="home-deadline">
            <Text size="sm">
              {t('home.selfDeadline')}: <b>{displayDate(sheet.selfAssessmentDeadline)}</b>
            </Text>
            <DaysLeft days={sheet.daysLeft} />
          </Group>
        )}
        {sheet.selfAssessmentExtension && (
          <Text size="sm" c="blue.8" data-testid="home-extension">
            {t('home.extension', { stage: t('home.dates.selfAssessment'), date: displayDate(sheet.selfAssessmentExtension) })}
          </Text>
        )}
        {sheet.explanationExtension && (
          <Text size="sm" c="blue.8">
            {t('home.extension', { stage: t('home.dates.explanation'), date: displayDate(sheet.explanationExtension) })}
          </Text>
        )}
        {sheet.explanationsAsked > 0 && (
          <Alert color="orange" p="xs" data-testid="home-explanations">
            {t('home.explanationsAsked', { count: sheet.explanationsAsked })}
          </Alert>
        )}
        {rows.length > 0 && (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={4} verticalSpacing={2} data-testid="home-round-dates">
            {rows.map(([label, value]) => (
              <Text key={label} size="sm">
                <Text span c="dimmed">
                  {label}:
                </Text>{' '}
                {value}
              </Text>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}

function Figure({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="lg" c={color} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function TimelinessCard({ data }: { data: UnitHome['timeliness'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rate = data.onTimeRate === null ? '—' : `${formatDecimal(Number(data.onTimeRate), lang)} %`;
  return (
    <Card withBorder padding="md" data-testid="home-timeliness">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('home.timelinessTitle', { year: data.year })}</Text>
        <Anchor component={Link} to="/timeliness" size="sm">
          {t('home.details')}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Figure label={t('home.onTimeRate')} value={rate} testId="home-on-time-rate" />
        <Figure label={t('home.resolved')} value={String(data.resolved)} testId="home-resolved" />
        <Figure label={t('home.late')} value={String(data.late)} testId="home-late" color={data.late ? 'red.7' : undefined} />
        <Figure label={t('home.overdue')} value={String(data.overdue)} testId="home-overdue" color={data.overdue ? 'orange.7' : undefined} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {t('home.asOf', { date: displayDate(data.asOf) })}
      </Text>
    </Card>
  );
}

const LINKS = [
  { to: '/procedures', key: 'home.links.procedures', icon: IconFileText, testId: 'home-link-procedures' },
  { to: '/dossiers', key: 'home.links.dossiers', icon: IconFolders, testId: 'home-link-dossiers' },
  { to: '/apology-letters', key: 'home.links.apology', icon: IconMailForward, testId: 'home-link-apology' },
  { to: '/timeliness', key: 'home.links.timeliness', icon: IconClockHour4, testId: 'home-link-timeliness' },
  { to: '/results', key: 'home.links.results', icon: IconChartBar, testId: 'home-link-results' },
  { to: '/plans', key: 'home.links.plans', icon: IconChecklist, testId: 'home-link-plans' },
  { to: '/reports', key: 'home.links.reports', icon: IconReportAnalytics, testId: 'home-link-reports' },
  { to: '/registers', key: 'home.links.registers', icon: IconNotebook, testId: 'home-link-registers' },
  { to: '/inspections', key: 'home.links.inspections', icon: IconSearch, testId: 'home-link-inspections' },
] as const;

/** A unit's home for its officer and leader: the current sheet and its deadlines, timeliness, and their pages. */
export function HomePage() {
  const { t } = useTranslation();
  const home = useUnitHome();
  if (home.isPending) return <Loader />;
  if (home.error) return <ErrorAlert error={home.error} />;
  const data = home.data;
  const [current, ...others] = data.sheets;
  return (
    <Stack maw={960} data-testid="unit-home">
      <div>
        <Title order={2} fz={{ base: 'h3', sm: 'h2' }} data-testid="home-title">
          {data.unit.name}
        </Title>
        <Text c="dimmed" size="sm">
          {t('home.subtitle', { code: data.unit.code, date: displayDate(data.today) })}
        </Text>
      </div>
      {current ? (
        <SheetCard sheet={current} unitCode={data.unit.code} current />
      ) : (
        <Alert color="gray" data-testid="home-no-round">
          {t('home.noRound')}
        </Alert>
      )}
      <TimelinessCard data={data.timeliness} />
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        {LINKS.map((link) => (
          <Button key={link.to} component={Link} to={link.to} variant="default" leftSection={<link.icon size={16} />} data-testid={link.testId}>
            {t(link.key)}
          </Button>
        ))}
      </SimpleGrid>
      {others.length > 0 && (
        <Stack gap="xs">
          <Text fw={600}>{t('home.otherRounds')}</Text>
          {others.map((sheet) => (
            <SheetCard key={sheet.roundId} sheet={sheet} unitCode={data.unit.code} current={false} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
