import { ActionIcon, Badge, Box, Indicator, Menu, NavLink, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/api';
import { useNotifications } from './api';
import { localDate } from './format';
import { noticeTarget } from './worklistApi';
import { useReminders } from '../reminders/api';
import { ReminderItems } from '../reminders/ReminderItems';

/**
 * What waits for the signed-in user in open rounds, each with a link to act on it: a bell in the header, or (at phone
 * width, where the header is full) an item of the navigation. Own-unit notices lead to the sheet at the criterion
 * concerned, the others to the rows of the appraiser's or the council's work list.
 */
export function NotificationsBell({ variant = 'icon' }: { variant?: 'icon' | 'nav' }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const items = useNotifications(Boolean(user)).data ?? [];
  // Plan tasks, reports and remediation items due soon or overdue (docs/reminders.md), under their own heading.
  const reminders = useReminders(Boolean(user) && !user?.mustChangePassword).data ?? [];
  const total = items.length + reminders.length;
  return (
    <Menu position="bottom-end" width={320} withinPortal>
      <Menu.Target>
        {variant === 'nav' ? (
          <NavLink
            component="button"
            label={t('cycle.notifications.title')}
            leftSection={<IconBell size={18} stroke={1.6} />}
            rightSection={
              total > 0 ? (
                <Badge size="sm" circle>
                  {total}
                </Badge>
              ) : null
            }
            hiddenFrom="xs"
            data-testid="notifications-nav"
          />
        ) : (
          <Box visibleFrom="xs">
            <Indicator label={total} size={16} disabled={total === 0} offset={4}>
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('cycle.notifications.title')} data-testid="notifications-bell">
                <IconBell size={20} />
              </ActionIcon>
            </Indicator>
          </Box>
        )}
      </Menu.Target>
      <Menu.Dropdown data-testid="notifications-list">
        <Menu.Label>{t('cycle.notifications.title')}</Menu.Label>
        {total === 0 && (
          <Text size="sm" c="dimmed" px="sm" py={4}>
            {t('cycle.notifications.none')}
          </Text>
        )}
        {items.map((n, i) => (
          <Menu.Item key={i} component={Link} to={noticeTarget(n)} data-testid={`notification-${n.kind}`}>
            <Text size="sm">{t(`cycle.notifications.${n.kind}`, { count: n.count, unit: n.unitCode ?? '', deadline: localDate(n.deadline) })}</Text>
            <Text size="xs" c="dimmed">
              {n.year} · {n.blockCode}
              {n.unitCode ? ` · ${n.unitCode}` : ''}
            </Text>
          </Menu.Item>
        ))}
        <ReminderItems items={reminders} />
      </Menu.Dropdown>
    </Menu>
  );
}
