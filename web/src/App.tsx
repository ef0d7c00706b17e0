import { Suspense, lazy, useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { setAuthHandlers } from './api/client';
import { SESSION_KEY, isAdmin, useSession } from './auth/session';
import { Shell } from './components/Shell';
import { LoginPage } from './pages/LoginPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { UnitsPage } from './pages/UnitsPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Admin and detail pages load on demand; login and the units list come with the first chunk.
const UnitDetailPage = lazy(() => import('./pages/UnitDetailPage').then((m) => ({ default: m.UnitDetailPage })));
const BlocksPage = lazy(() => import('./pages/BlocksPage').then((m) => ({ default: m.BlocksPage })));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })));
// The results pages carry the charts (ECharts), so they load only when opened.
const ResultsPage = lazy(() => import('./pages/ResultsPage').then((m) => ({ default: m.ResultsPage })));
const UnitResultsPage = lazy(() => import('./pages/UnitResultsPage').then((m) => ({ default: m.UnitResultsPage })));
const PublicResultsPage = lazy(() => import('./pages/PublicResultsPage').then((m) => ({ default: m.PublicResultsPage })));
const FrameworksPage = lazy(() => import('./pages/FrameworksPage').then((m) => ({ default: m.FrameworksPage })));
const FrameworkDetailPage = lazy(() => import('./pages/FrameworkDetailPage').then((m) => ({ default: m.FrameworkDetailPage })));
// The yearly cycle: rounds, a unit's self-assessment sheet, disagreements.
const RoundsPage = lazy(() => import('./pages/cycle/RoundsPage').then((m) => ({ default: m.RoundsPage })));
const SheetPage = lazy(() => import('./pages/cycle/SheetPage').then((m) => ({ default: m.SheetPage })));
const DisagreementsPage = lazy(() => import('./pages/cycle/DisagreementsPage').then((m) => ({ default: m.DisagreementsPage })));
// One-stop-shop data: calendar, procedures, dossiers, timeliness, apology letters.
const CalendarPage = lazy(() => import('./pages/onestop/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const ProceduresPage = lazy(() => import('./pages/onestop/ProceduresPage').then((m) => ({ default: m.ProceduresPage })));
const PublicProceduresPage = lazy(() => import('./pages/onestop/PublicProceduresPage').then((m) => ({ default: m.PublicProceduresPage })));
const DossiersPage = lazy(() => import('./pages/onestop/DossiersPage').then((m) => ({ default: m.DossiersPage })));
const TimelinessDashboardPage = lazy(() => import('./pages/onestop/TimelinessDashboardPage').then((m) => ({ default: m.TimelinessDashboardPage })));
const ApologyLettersPage = lazy(() => import('./pages/onestop/ApologyLettersPage').then((m) => ({ default: m.ApologyLettersPage })));

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

/** Sends any 401 back to login and a forced password change to its screen, wherever it happens. */
function AuthRedirects() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => {
    setAuthHandlers({
      onUnauthenticated: () => qc.setQueryData(SESSION_KEY, null),
      onPasswordChangeRequired: () => {
        void qc.invalidateQueries({ queryKey: SESSION_KEY });
        navigate('/change-password', { replace: true });
      },
    });
    return () => setAuthHandlers({});
  }, [qc, navigate]);
  return null;
}

function RequireSession() {
  const { user, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <FullPageLoader />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

function RequirePasswordChanged() {
  const { user } = useSession();
  if (user?.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <Outlet />;
}

function RequireAdmin() {
  const { user } = useSession();
  if (!isAdmin(user)) return <Navigate to="/units" replace />;
  return <Outlet />;
}

export function App() {
  return (
    <>
      <AuthRedirects />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/public/results"
          element={
            <Suspense fallback={<FullPageLoader />}>
              <PublicResultsPage />
            </Suspense>
          }
        />
        <Route
          path="/public/procedures"
          element={
            <Suspense fallback={<FullPageLoader />}>
              <PublicProceduresPage />
            </Suspense>
          }
        />
        <Route element={<RequireSession />}>
          <Route path="/change-password" element={<ChangePasswordPage />} />
          <Route element={<RequirePasswordChanged />}>
            <Route element={<Shell />}>
              <Route index element={<Navigate to="/units" replace />} />
              <Route path="/units" element={<UnitsPage />} />
              <Route path="/units/:code" element={<UnitDetailPage />} />
              <Route path="/results" element={<ResultsPage />} />
              <Route path="/results/:year/:block/:unitCode" element={<UnitResultsPage />} />
              <Route path="/frameworks" element={<FrameworksPage />} />
              <Route path="/frameworks/:id" element={<FrameworkDetailPage />} />
              <Route path="/rounds" element={<RoundsPage />} />
              <Route path="/rounds/:id/units/:unitCode" element={<SheetPage />} />
              <Route path="/rounds/:id/disagreements" element={<DisagreementsPage />} />
              <Route path="/calendar" element={<CalendarPage />} />
              <Route path="/procedures" element={<ProceduresPage />} />
              <Route path="/dossiers" element={<DossiersPage />} />
              <Route path="/timeliness" element={<TimelinessDashboardPage />} />
              <Route path="/apology-letters" element={<ApologyLettersPage />} />
              <Route path="/account" element={<AccountPage />} />
              <Route element={<RequireAdmin />}>
                <Route path="/blocks" element={<BlocksPage />} />
                <Route path="/users" element={<UsersPage />} />
                <Route path="/audit" element={<AuditPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Route>
      </Routes>
    </>
  );
}
