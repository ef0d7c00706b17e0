import type { App, AppDeps } from '../../http/app.js';

// Placeholder registered in app.ts; the procedures work replaces it with the real routes.
export async function procedureRoutes(_app: App, _deps: AppDeps) {}
