import type { App, AppDeps } from '../../http/app.js';

// Placeholder registered in app.ts; the calendar work replaces it with the real routes.
export async function calendarRoutes(_app: App, _deps: AppDeps) {}
