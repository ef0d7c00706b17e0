import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { type DossierDetail, useDossier } from './api';
import { StandingBadge } from './DossierSearchTab';

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div data-testid={testId}>{children}</div>
    </Stack>
  );
}

const instant = (value: string | null) => (value ? formatDateTime(value).slice(0, 16) : '—');

/** The apology letter of a dossier, or why it has none. */
function LetterCard({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const letter = dossier.letter;
  return (
    <Card withBorder data-testid="dossier-letter">
      <Title order={4} mb="xs">
        {t('dossiers.detail.letterTitle')}
      </Title>
      {letter ? (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Item label={t('dossiers.detail.issuedOn')}>{displayDate(letter.issuedOn)}</Item>
            <Item label={t('dossiers.detail.newAppointmentDate')} testId="letter-new-date">
              {displayDate(letter.newAppointmentDate)}
            </Item>
            <Item label={t('dossiers.detail.issuedBy')}>{letter.issuedBy ?? '—'}</Item>
          </SimpleGrid>
          <Item label={t('dossiers.detail.reason')} testId="letter-reason">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {letter.reason}
            </Text>
          </Item>
          {letter.downloadUrl && (
            <Group>
              <Button component="a" href={letter.downloadUrl} download variant="light" leftSection={<IconDownload size={16} />} data-testid="letter-download">
                {t('dossiers.detail.download')}
              </Button>
            </Group>
          )}
        </Stack>
      ) : dossier.needsLetter ? (
        <Alert color="orange" data-testid="letter-missing">
          {t('dossiers.detail.needsLetter')}{' '}
          <Anchor component={Link} to="/apology-letters" size="sm">
            {t('dossiers.detail.issueHere')}
          </Anchor>
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          {t('dossiers.detail.notNeeded')}
        </Text>
      )}
    </Card>
  );
}

/** One dossier (`/dossiers/:code`): every field, its timeliness today and its apology letter. */
export function DossierDetailPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const [params] = useSearchParams();
  const back = params.get('back');
  const dossier = useDossier(code);
  const d = dossier.data;
  return (
    <Stack>
      <Group>
        <Button
          component={Link}
          to={`/dossiers${back ? `?${back}` : ''}`}
          variant="subtle"
          size="xs"
          leftSection={<IconArrowLeft size={14} />}
          data-testid="dossier-back"
        >
          {t('dossiers.detail.back')}
        </Button>
      </Group>
      <Title order={2} style={{ wordBreak: 'break-all' }}>
        {t('dossiers.detail.title', { code })}
      </Title>
      {dossier.isPending && <Loader />}
      {dossier.error && <ErrorAlert error={dossier.error} />}
      {d && (
        <>
          <Card withBorder data-testid="dossier-detail">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" verticalSpacing="sm">
              <Item label={t('dossiers.detail.unit')}>
                <Text size="sm">
                  {d.unitName} ({d.unitCode})
                </Text>
              </Item>
              <Item label={t('dossiers.detail.procedure')} testId="dossier-procedure">
                <Text size="sm">
                  {d.procedureName} ({d.procedureCode})
                </Text>
                <Text size="xs" c="dimmed">
                  {t('dossiers.detail.limits', { legal: d.procedureLegalDays, internal: d.procedureInternalDays })}
                </Text>
              </Item>
              <Item label={t('dossiers.detail.field')}>
                <Text size="sm">{d.field}</Text>
              </Item>
              <Item label={t('dossiers.detail.channel')}>
                <Text size="sm">{t(`dossiers.channel.${d.channel}`)}</Text>
              </Item>
              <Item label={t('dossiers.detail.status')} testId="dossier-status">
                <Text size="sm">{t(`dossiers.dossierStatus.${d.status}`)}</Text>
              </Item>
              <Item label={t('dossiers.detail.timeliness', { date: displayDate(d.asOf) })}>
                <Group gap="xs">
                  <StandingBadge dossier={d} />
                  {d.workingDaysLate > 0 && (
                    <Badge color="red" variant="outline" data-testid="dossier-days-late">
                      {t('dossiers.detail.workingDaysLate', { count: d.workingDaysLate })}
                    </Badge>
                  )}
                </Group>
              </Item>
              <Item label={t('dossiers.detail.receivedAt')}>
                <Text size="sm">{instant(d.receivedAt)}</Text>
              </Item>
              <Item label={t('dossiers.detail.dueDate')} testId="dossier-due">
                <Text size="sm">{displayDate(d.dueDate)}</Text>
                <Text size="xs" c="dimmed">
                  {d.dueComputed
                    ? t('dossiers.detail.dueComputed', { days: d.workingDaysAllowed })
                    : t('dossiers.detail.dueGiven', { days: d.workingDaysAllowed })}
                </Text>
              </Item>
              <Item label={t('dossiers.detail.resolvedAt')}>
                <Text size="sm">{instant(d.resolvedAt)}</Text>
              </Item>
              <Item label={t('dossiers.detail.returnedAt')}>
                <Text size="sm">{instant(d.returnedAt)}</Text>
              </Item>
              <Item label={t('dossiers.detail.updatedAt')}>
                <Text size="sm">{instant(d.updatedAt)}</Text>
              </Item>
            </SimpleGrid>
          </Card>
          <LetterCard dossier={d} />
        </>
      )}
    </Stack>
  );
}
