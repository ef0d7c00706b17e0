import { Alert, Badge, Button, Group, List, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type ApprovalAppraisal, type ApprovalPreview, type ApprovalUnit, type Round, useApprovalPreview, useApproveRound } from './api';
import { localDate } from './format';

type Waiting = Pick<ApprovalPreview, 'pendingSubmissions' | 'pendingAppraisals'>;

/** What a refused approval (409 round_not_ready) lists in its details: the server's own lists at that moment. */
function refusedLists(error: unknown): Waiting | null {
  if (!(error instanceof ApiError) || error.reason !== 'round_not_ready') return null;
  const details = error.details as Partial<Waiting> | null | undefined;
  return details?.pendingSubmissions && details.pendingAppraisals
    ? { pendingSubmissions: details.pendingSubmissions, pendingAppraisals: details.pendingAppraisals }
    : null;
}

function UnitDeadline({ unit }: { unit: ApprovalUnit }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" span>
      <b>{unit.unitName}</b> ({unit.unitCode}) —{' '}
      {unit.extended ? t('approval.extended', { date: localDate(unit.deadline) }) : t('approval.until', { date: localDate(unit.deadline) })}
    </Text>
  );
}

function More({ count, shown }: { count: number; shown: number }) {
  const { t } = useTranslation();
  return count > shown ? (
    <Text size="xs" c="dimmed">
      {t('approval.more', { count: count - shown })}
    </Text>
  ) : null;
}

/** What the approval still waits for: the units within their self-assessment and the appraisals still open. */
function WaitingLists({ waiting }: { waiting: Waiting }) {
  const { t } = useTranslation();
  const { pendingSubmissions: units, pendingAppraisals: appraisals } = waiting;
  return (
    <Stack gap="sm" data-testid="approval-waiting">
      {units.count > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('approval.pendingSubmissions', { count: units.count })}
          </Text>
          <List size="sm" spacing={2} data-testid="approval-pending-units">
            {units.items.map((u) => (
              <List.Item key={u.unitCode} data-testid={`approval-pending-unit-${u.unitCode}`}>
                <UnitDeadline unit={u} />
              </List.Item>
            ))}
          </List>
          <More count={units.count} shown={units.items.length} />
        </Stack>
      )}
      {appraisals.count > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('approval.pendingAppraisals', { count: appraisals.count })}
          </Text>
          <Table.ScrollContainer minWidth={480} mah={260}>
            <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="approval-pending-appraisals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('approval.unit')}</Table.Th>
                  <Table.Th>{t('approval.criterion')}</Table.Th>
                  <Table.Th>{t('approval.appraiser')}</Table.Th>
                  <Table.Th>{t('approval.deadline')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {appraisals.items.map((a: ApprovalAppraisal) => (
                  <Table.Tr key={`${a.unitCode}-${a.criterionCode}`} data-testid={`approval-pending-${a.unitCode}-${a.criterionCode}`}>
                    <Table.Td>{a.unitCode}</Table.Td>
                    <Table.Td>
                      {a.criterionCode}. {a.title}
                      {a.explanationAsked && (
                        <Badge ml={6} size="xs" variant="light" color="orange">
                          {t('approval.explanationAsked')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{a.appraiser}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{localDate(a.deadline)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <More count={appraisals.count} shown={appraisals.items.length} />
        </Stack>
      )}
    </Stack>
  );
}

/**
 * The approval dialog: the consequence stated plainly, the units that never submitted (ranked on the appraised
 * points, marked "không nộp"), or what the approval still waits for. The confirm button only when the server says the
 * caller may approve now (`can.approve`); a refusal shows the server's lists.
 */
export function ApprovalModal({ round, opened, onClose }: { round: Round; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const preview = useApprovalPreview(round.id, opened);
  const approve = useApproveRound(round.id, () => {
    notifications.show({ color: 'green', message: t('cycle.rounds.approved') });
    onClose();
  });
  const close = () => {
    approve.reset();
    onClose();
  };
  const data = preview.data;
  const refused = refusedLists(approve.error);
  return (
    <Modal opened={opened} onClose={close} size="lg" title={t('approval.title', { block: round.blockName, year: round.year })}>
      <Stack data-testid="approval-modal">
        {preview.isLoading && <Loader size="sm" />}
        {preview.error ? <ErrorAlert error={preview.error} /> : null}
        {data && (
          <>
            <Text size="sm" data-testid="approval-consequence">
              {t('approval.consequence')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('approval.summary', { submitted: data.submitted, units: data.units })} {t('approval.today', { date: localDate(data.today) })}
            </Text>
            {data.ready ? (
              <Alert color="teal" icon={<IconCheck size={18} />} data-testid="approval-ready">
                {data.can.approve ? t('approval.ready') : t('approval.readyNotCouncil')}
              </Alert>
            ) : (
              <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={t('approval.notReadyTitle')} data-testid="approval-not-ready">
                <Stack gap="sm">
                  <Text size="sm">{t('approval.notReady')}</Text>
                  {!refused && <WaitingLists waiting={data} />}
                </Stack>
              </Alert>
            )}
            {data.notSubmitted.length > 0 ? (
              <Alert color="gray" icon={<IconInfoCircle size={18} />} title={t('approval.notSubmitted', { count: data.notSubmitted.length })}>
                <Stack gap={4}>
                  <Text size="sm">{t('approval.notSubmittedHint')}</Text>
                  <List size="sm" spacing={2} data-testid="approval-not-submitted">
                    {data.notSubmitted.map((u) => (
                      <List.Item key={u.unitCode} data-testid={`approval-not-submitted-${u.unitCode}`}>
                        <UnitDeadline unit={u} />
                      </List.Item>
                    ))}
                  </List>
                </Stack>
              </Alert>
            ) : (
              data.ready && (
                <Text size="sm" c="dimmed">
                  {t('approval.allSubmitted')}
                </Text>
              )
            )}
          </>
        )}
        {approve.error ? <ErrorAlert error={approve.error} /> : null}
        {refused && <WaitingLists waiting={refused} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {data?.can.approve ? t('common.cancel') : t('approval.close')}
          </Button>
          {data?.can.approve && (
            <Button
              color="teal"
              leftSection={<IconCheck size={16} />}
              loading={approve.isPending}
              onClick={() => approve.mutate()}
              data-testid="approval-confirm"
            >
              {t('approval.confirm')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
