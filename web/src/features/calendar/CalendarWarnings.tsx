import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type CalendarYearResponse, useConfirmMovable, useSetUpYear } from './api';

/** What the organizer should do for the year (set it up, confirm the movable holidays), with the buttons when allowed. */
export function CalendarWarnings({ data }: { data: CalendarYearResponse }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const setUp = useSetUpYear();
  const confirm = useConfirmMovable();
  const setUpYear = () =>
    setUp.mutate(data.year, {
      onSuccess: (r) => notifications.show({ color: 'green', message: t('calendar.setUpDone', { year: data.year, count: r.prefilled }) }),
    });
  const confirmYear = () =>
    confirm.mutate(data.year, {
      onSuccess: () => {
        setConfirming(false);
        notifications.show({ color: 'green', message: t('calendar.confirmed', { year: data.year }) });
      },
    });
  const edit = data.can.edit;
  const notSetUp = data.warnings.some((w) => w.code === 'year_not_set_up');
  const unconfirmed = data.warnings.find((w) => w.code === 'movable_holidays_unconfirmed');
  return (
    <>
      {notSetUp && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} title={t('calendar.notSetUpTitle', { year: data.year })} data-testid="calendar-warning-setup">
          <Stack gap="xs">
            <Text size="sm">{t('calendar.notSetUp', { year: data.year })}</Text>
            {setUp.error && <ErrorAlert error={setUp.error} />}
            {edit && (
              <Group>
                <Button size="xs" onClick={setUpYear} loading={setUp.isPending} data-testid="calendar-setup">
                  {t('calendar.setUp', { year: data.year })}
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {unconfirmed && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('calendar.movableTitle')} data-testid="calendar-warning-movable">
          <Stack gap="xs">
            <Text size="sm">{t('calendar.movable', { year: data.year, holidays: (unconfirmed.holidays ?? data.movableHolidays).join(', ') })}</Text>
            {edit ? (
              <Group>
                <Button
                  size="xs"
                  color="orange"
                  leftSection={<IconCheck size={14} />}
                  onClick={() => setConfirming(true)}
                  data-testid="calendar-confirm-movable"
                >
                  {t('calendar.confirmMovable')}
                </Button>
              </Group>
            ) : (
              <Text size="xs" c="dimmed">
                {t('calendar.movableReader')}
              </Text>
            )}
          </Stack>
        </Alert>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('calendar.confirmMovableTitle', { year: data.year })}
        message={t('calendar.confirmMovableMessage', { year: data.year, holidays: data.movableHolidays.join(', ') })}
        confirmLabel={t('calendar.confirmMovable')}
        color="orange"
        loading={confirm.isPending}
        error={confirm.error}
        onConfirm={confirmYear}
        onClose={() => {
          confirm.reset();
          setConfirming(false);
        }}
      />
    </>
  );
}
