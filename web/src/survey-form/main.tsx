import './survey.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SurveyApp } from './SurveyApp';

const root = document.getElementById('survey-root');
if (!root) throw new Error('#survey-root missing in survey.html');

createRoot(root).render(
  <StrictMode>
    <SurveyApp />
  </StrictMode>,
);
