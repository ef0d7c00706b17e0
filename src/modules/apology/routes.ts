import type { App, AppDeps } from '../../http/app.js';

// Placeholder registered in app.ts; the apology work replaces it with the real routes.
export async function apologyRoutes(_app: App, _deps: AppDeps) {}
