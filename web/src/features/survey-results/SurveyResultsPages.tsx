import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../auth/NotFoundPage';
import { CampaignResultsPage } from './CampaignResultsPage';
import { UnitSurveyResultsPage } from './UnitSurveyResultsPage';

/** /surveys/campaigns/:code/results and /surveys/campaigns/:code/results/:unit (one lazy chunk with the charts). */
export function SurveyResultsPages() {
  return (
    <Routes>
      <Route index element={<CampaignResultsPage />} />
      <Route path=":unit" element={<UnitSurveyResultsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
