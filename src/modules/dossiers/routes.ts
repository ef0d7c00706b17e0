import type { App, AppDeps } from '../../http/app.js';

// Placeholder registered in app.ts; the dossiers work replaces it with the real routes.
export async function dossierRoutes(_app: App, _deps: AppDeps) {}
