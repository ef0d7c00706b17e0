import { Suspense, lazy, useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { setAuthHandlers } from './api/client';
import { SESSION_KEY, isAdmin, useSession } from './features/auth/api';
import { Shell } from './components/Shell';
import { LoginPage } from './features/auth/LoginPage';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { UnitsPage } from './features/units/UnitsPage';
import { NotFoundPage } from './features/auth/NotFoundPage';
import { Landing } from './features/home/Landing';

// Admin and detail pages load on demand; login and the units list come with the first chunk.
const UnitDetailPage = lazy(() => import('./features/units/UnitDetailPage').then((m) => ({ default: m.UnitDetailPage })));
const BlocksPage = lazy(() => import('./features/blocks/BlocksPage').then((m) => ({ default: m.BlocksPage })));
const UsersPage = lazy(() => import('./features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const PlansPage = lazy(() => import('./features/plans/PlansPage').then((m) => ({ default: m.PlansPage })));
const ReportsPage = lazy(() => import('./features/periodic-reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const InspectionsPage = lazy(() => import('./features/inspections/InspectionsPage').then((m) => ({ default: m.InspectionsPage })));
const InspectionDetailPage = lazy(() => import('./features/inspections/InspectionDetailPage').then((m) => ({ default: m.InspectionDetailPage })));
const RegistersPage = lazy(() => import('./features/registers/RegistersPage').then((m) => ({ default: m.RegistersPage })));
const HomePage = lazy(() => import('./features/home/HomePage').then((m) => ({ default: m.HomePage })));
const AccountPage = lazy(() => import('./features/auth/AccountPage').then((m) => ({ default: m.AccountPage })));
// The results pages carry the charts (ECharts), so they load only when opened.
const ResultsPage = lazy(() => import('./features/results/ResultsPage').then((m) => ({ default: m.ResultsPage })));
const UnitResultsPage = lazy(() => import('./features/results/UnitResultsPage').then((m) => ({ default: m.UnitResultsPage })));
const PublicResultsPage = lazy(() => import('./features/results/PublicResultsPage').then((m) => ({ default: m.PublicResultsPage })));
const FrameworksPage = lazy(() => import('./features/frameworks/FrameworksPage').then((m) => ({ default: m.FrameworksPage })));
const FrameworkDetailPage = lazy(() => import('./features/frameworks/FrameworkDetailPage').then((m) => ({ default: m.FrameworkDetailPage })));
// The yearly cycle: rounds, a unit's self-assessment sheet, disagreements.
const RoundsPage = lazy(() => import('./features/cycle/RoundsPage').then((m) => ({ default: m.RoundsPage })));
const SheetPage = lazy(() => import('./features/cycle/SheetPage').then((m) => ({ default: m.SheetPage })));
const DisagreementsPage = lazy(() => import('./features/cycle/DisagreementsPage').then((m) => ({ default: m.DisagreementsPage })));
const AppraiserWorkPage = lazy(() => import('./features/cycle/AppraiserWorkPage').then((m) => ({ default: m.AppraiserWorkPage })));
const CouncilWorkPage = lazy(() => import('./features/cycle/CouncilWorkPage').then((m) => ({ default: m.CouncilWorkPage })));
// One-stop-shop data: calendar, procedures, dossiers, timeliness, apology letters.
const CalendarPage = lazy(() => import('./features/calendar/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const ProceduresPage = lazy(() => import('./features/procedures/ProceduresPage').then((m) => ({ default: m.ProceduresPage })));
const PublicProceduresPage = lazy(() => import('./features/procedures/PublicProceduresPage').then((m) => ({ default: m.PublicProceduresPage })));
const DossiersPage = lazy(() => import('./features/dossiers/DossiersPage').then((m) => ({ default: m.DossiersPage })));
const DossierDetailPage = lazy(() => import('./features/dossiers/DossierDetailPage').then((m) => ({ default: m.DossierDetailPage })));
const TimelinessDashboardPage = lazy(() => import('./features/timeliness/TimelinessDashboardPage').then((m) => ({ default: m.TimelinessDashboardPage })));
const ApologyLettersPage = lazy(() => import('./features/apology/ApologyLettersPage').then((m) => ({ default: m.ApologyLettersPage })));
const SurveyResultsPages = lazy(() => import('./features/survey-results/SurveyResultsPages').then((m) => ({ default: m.SurveyResultsPages })));
// Survey campaigns: the /surveys hub and one campaign.
const SurveysPage = lazy(() => import('./features/survey-campaigns/SurveysPage').then((m) => ({ default: m.SurveysPage })));
const CampaignPage = lazy(() => import('./features/survey-campaigns/CampaignPage').then((m) => ({ default: m.CampaignPage })));
const SurveyTemplatesPage = lazy(() => import('./features/survey-templates/TemplatesPage').then((m) => ({ default: m.TemplatesPage })));
const SurveyTemplateEditorPage = lazy(() => import('./features/survey-templates/TemplateEditorPage').then((m) => ({ default: m.TemplateEditorPage })));
const SurveyEntryPage = lazy(() => import('./features/survey-entry/EntryPage').then((m) => ({ default: m.EntryPage })));

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
              <Route index element={<Landing />} />
              <Route path="/home" element={<HomePage />} />
              <Route path="/units" element={<UnitsPage />} />
              <Route path="/units/:code" element={<UnitDetailPage />} />
              <Route path="/results" element={<ResultsPage />} />
              <Route path="/results/:year/:block/:unitCode" element={<UnitResultsPage />} />
              <Route path="/frameworks" element={<FrameworksPage />} />
              <Route path="/frameworks/:id" element={<FrameworkDetailPage />} />
              <Route path="/plans" element={<PlansPage />} />
              <Route path="/reports" element={<ReportsPage />} />
              <Route path="/inspections" element={<InspectionsPage />} />
              <Route path="/inspections/:id" element={<InspectionDetailPage />} />
              <Route path="/registers" element={<RegistersPage />} />
              <Route path="/surveys/campaigns/:code/entry" element={<SurveyEntryPage />} />
              <Route path="/surveys/campaigns/:code/results/*" element={<SurveyResultsPages />} />
              <Route path="/surveys/templates" element={<SurveyTemplatesPage />} />
              <Route path="/surveys/templates/:code" element={<SurveyTemplateEditorPage />} />
              <Route path="/surveys" element={<SurveysPage />} />
              <Route path="/surveys/campaigns/:code" element={<CampaignPage />} />
              <Route path="/rounds" element={<RoundsPage />} />
              <Route path="/rounds/:id/units/:unitCode" element={<SheetPage />} />
              <Route path="/rounds/:id/disagreements" element={<DisagreementsPage />} />
              <Route path="/work/appraisal" element={<AppraiserWorkPage />} />
              <Route path="/work/council" element={<CouncilWorkPage />} />
              <Route path="/calendar" element={<CalendarPage />} />
              <Route path="/procedures" element={<ProceduresPage />} />
              <Route path="/dossiers" element={<DossiersPage />} />
              <Route path="/dossiers/:code" element={<DossierDetailPage />} />
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
