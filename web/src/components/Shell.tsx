import { ActionIcon, AppShell, Burger, Group, Loader, NavLink, ScrollArea, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBuildingCommunity,
  IconCalendar,
  IconCategory,
  IconClockHour4,
  IconFileText,
  IconFolders,
  IconMailForward,
  IconMessageCircle,
  IconChartBar,
  IconChecklist,
  IconClipboardCheck,
  IconGavel,
  IconHistory,
  IconHome,
  IconListTree,
  IconNotebook,
  IconReportAnalytics,
  IconSearch,
  IconLogout,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import { Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isAdmin, useLogout, useSession } from '../features/auth/api';
import { hasUnitHome } from '../features/home/api';
import { DemoBadge } from './DemoBadge';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsBell } from '../features/cycle/NotificationsBell';
import { APPRAISAL_WORK_PATH, COUNCIL_WORK_PATH, WORK_LIST_ROLES } from '../features/cycle/worklistApi';
import type { Role } from '../../../src/domain/vocabulary';

interface NavItem {
  to: string;
  labelKey: string;
  testId: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  adminOnly: boolean;
  /** Only for unit staff, who have a unit home. */
  unitHomeOnly?: boolean;
  /** Only for these roles (the work lists: the roles their routes admit). */
  roles?: readonly Role[];
}

// The navigation shows only what the role may use; the server still enforces every route.
const NAV_ITEMS: NavItem[] = [
  { to: '/home', labelKey: 'home.nav', testId: 'nav-home', icon: IconHome, adminOnly: false, unitHomeOnly: true },
  { to: '/units', labelKey: 'nav.units', testId: 'nav-units', icon: IconBuildingCommunity, adminOnly: false },
  { to: '/rounds', labelKey: 'cycle.nav', testId: 'nav-rounds', icon: IconClipboardCheck, adminOnly: false },
  {
    to: APPRAISAL_WORK_PATH,
    labelKey: 'worklists.nav.appraisal',
    testId: 'nav-work-appraisal',
    icon: IconChecklist,
    adminOnly: false,
    roles: WORK_LIST_ROLES.appraisal,
  },
  { to: COUNCIL_WORK_PATH, labelKey: 'worklists.nav.council', testId: 'nav-work-council', icon: IconGavel, adminOnly: false, roles: WORK_LIST_ROLES.council },
  { to: '/results', labelKey: 'nav.results', testId: 'nav-results', icon: IconChartBar, adminOnly: false },
  { to: '/plans', labelKey: 'plans.nav', testId: 'nav-plans', icon: IconChecklist, adminOnly: false },
  { to: '/inspections', labelKey: 'inspections.nav', testId: 'nav-inspections', icon: IconSearch, adminOnly: false },
  { to: '/registers', labelKey: 'registers.nav', testId: 'nav-registers', icon: IconNotebook, adminOnly: false },
  { to: '/reports', labelKey: 'periodicReports.nav', testId: 'nav-reports', icon: IconReportAnalytics, adminOnly: false },
  { to: '/surveys', labelKey: 'nav.surveys', testId: 'nav-surveys', icon: IconMessageCircle, adminOnly: false },
  { to: '/frameworks', labelKey: 'nav.frameworks', testId: 'nav-frameworks', icon: IconListTree, adminOnly: false },
  { to: '/timeliness', labelKey: 'onestop.nav.timeliness', testId: 'nav-timeliness', icon: IconClockHour4, adminOnly: false },
  { to: '/dossiers', labelKey: 'onestop.nav.dossiers', testId: 'nav-dossiers', icon: IconFolders, adminOnly: false },
  { to: '/apology-letters', labelKey: 'onestop.nav.apology', testId: 'nav-apology', icon: IconMailForward, adminOnly: false },
  { to: '/procedures', labelKey: 'onestop.nav.procedures', testId: 'nav-procedures', icon: IconFileText, adminOnly: false },
  { to: '/calendar', labelKey: 'onestop.nav.calendar', testId: 'nav-calendar', icon: IconCalendar, adminOnly: false },
  { to: '/blocks', labelKey: 'nav.blocks', testId: 'nav-blocks', icon: IconCategory, adminOnly: true },
  { to: '/users', labelKey: 'nav.users', testId: 'nav-users', icon: IconUsers, adminOnly: true },
  { to: '/audit', labelKey: 'nav.audit', testId: 'nav-audit', icon: IconHistory, adminOnly: true },
  { to: '/account', labelKey: 'nav.account', testId: 'nav-account', icon: IconUserCircle, adminOnly: false },
];

export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { user } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const admin = isAdmin(user);

  const onLogout = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'xs', sm: 'md' }}>
      <AppShell.Header>
        {/* At 390 px the burger, title, demo badge, language switch and sign-out must all fit on one line. */}
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} data-testid="nav-burger" />
            <Title order={4} fz={{ base: 'md', sm: 'h4' }} style={{ whiteSpace: 'nowrap' }}>
              {/* The title leads home: the unit's home for unit staff, the units list for the others. */}
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }} data-testid="home-link">
                {t('app.title')}
              </Link>
            </Title>
            <DemoBadge />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationsBell />
            <LanguageSwitch />
            <Text size="sm" c="dimmed" visibleFrom="sm" data-testid="current-user">
              {user?.displayName || user?.username}
            </Text>
            <Tooltip label={t('auth.logout')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                onClick={onLogout}
                loading={logout.isPending}
                aria-label={t('auth.logout')}
                data-testid="logout-button"
              >
                <IconLogout size={20} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {NAV_ITEMS.filter(
            (item) => (admin || !item.adminOnly) && (!item.unitHomeOnly || hasUnitHome(user)) && (!item.roles || (user && item.roles.includes(user.role))),
          ).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.labelKey)}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
              onClick={close}
              data-testid={item.testId}
            />
          ))}
        </AppShell.Section>
        <NotificationsBell variant="nav" />
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py={4}>
            {user?.username} · {user ? t(`roles.${user.role}`) : ''}
            {user?.unitName ? ` · ${user.unitName}` : ''}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<Loader m="md" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
