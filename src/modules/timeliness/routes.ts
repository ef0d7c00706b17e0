import type { App, AppDeps } from '../../http/app.js';

// Placeholder registered in app.ts; the timeliness work replaces it with the real routes.
export async function timelinessRoutes(_app: App, _deps: AppDeps) {}
