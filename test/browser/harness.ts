import { DEMO_PASSWORD } from '../../src/modules/demo/province';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * A fresh data folder holding what `parindex demo ARGS` loads. The first test of a run that asks for these arguments
 * runs the command into the run's cache (PARINDEX_DEMO_CACHE, made by test/browser/global-setup.ts); the others get a
 * copy of that folder, so the same demo is not loaded a dozen times. Without the cache, the command runs every time.
 */
export function demoDataDir(args: readonly string[]): string {
  const runDemo = (dir: string) =>
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'demo', ...args], {
      cwd: repoRoot,
      env: { ...process.env, PARINDEX_DATA_DIR: dir, LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    });
  const dataDir = mkdtempSync(join(tmpdir(), 'parindex-browser-'));
  const cacheRoot = process.env.PARINDEX_DEMO_CACHE;
  if (!cacheRoot) {
    runDemo(dataDir);
    return dataDir;
  }
  const cached = join(cacheRoot, createHash('sha256').update(args.join('\0')).digest('hex').slice(0, 16));
  if (!existsSync(cached)) {
    // Loaded beside the cache and renamed into it once complete: a failed load leaves nothing to copy.
    const loading = mkdtempSync(join(cacheRoot, 'loading-'));
    runDemo(loading);
    renameSync(loading, cached);
  }
  cpSync(cached, dataDir, { recursive: true });
  return dataDir;
}

/**
 * Starts `parindex serve` on a fresh data folder and waits until /api/health answers 200.
 * With `demo`, runs `parindex demo` on the folder first, as a user would before starting the server: `true` loads the
 * organisation alone (blocks, units, accounts for the last three years: `demo --years`), `'full'` the whole demo
 * province (frameworks, results, rounds, dossiers…), with `demoArgs` added (e.g. `['--dossiers', '5000']`).
 */
export async function startServer(env: Record<string, string>, options: { demo?: boolean | 'full'; demoArgs?: string[] } = {}): Promise<RunningServer> {
  const webDist = process.env.PARINDEX_WEB_DIST ?? join(repoRoot, 'web', 'dist');
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(`${webDist} is missing: run \`node scripts/ensure-web-build.mjs\` (npm run test:browser does)`);
  }
  const port = await freePort();
  let dataDir = mkdtempSync(join(tmpdir(), 'parindex-browser-'));
  if (options.demo) {
    const year = new Date().getFullYear();
    const args = options.demo === 'full' ? (options.demoArgs ?? []) : ['--years', `${year - 2},${year - 1},${year}`];
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = demoDataDir(args);
  }
  const childEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PARINDEX_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  let log = '';
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'serve'], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() also ends the node process tsx starts
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 10_000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) return { baseUrl, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server did not become healthy on ${baseUrl}\n--- server output ---\n${log}`);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'parindex-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.waitForTimeout(300); // let Mantine's modal and navbar transitions settle
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Text as the user sees it (CSS applied). */
export async function text(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.innerText()).trim();
}

/** Text as written, not as CSS shows it (Mantine badges are upper-cased by CSS). */
export async function content(locator: Locator): Promise<string> {
  await locator.waitFor();
  return ((await locator.textContent()) ?? '').trim();
}

/** A screenshot without the toasts of earlier steps over the content. */
export async function shot(p: Page, name: string) {
  for (const close of await p.locator('.mantine-Notification-closeButton').all()) await close.click().catch(() => undefined);
  await p
    .locator('.mantine-Notification-root')
    .first()
    .waitFor({ state: 'detached', timeout: 3000 })
    .catch(() => undefined);
  await screenshot(p, name);
}

export interface PageApiBody {
  json?: unknown;
  /** Sent as multipart/form-data in the field "file". */
  file?: { name: string; type: string; content: string };
}

/** Calls the API from the page with its session cookie and the CSRF token of `/auth/me`, as the app does. */
export async function apiFromPage(p: Page, method: string, path: string, body?: PageApiBody): Promise<{ status: number; body: unknown }> {
  return p.evaluate(
    async ({ method, path, body }) => {
      const me = await fetch('/api/v1/auth/me');
      const { csrfToken } = (await me.json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'x-csrf-token': csrfToken };
      let payload: BodyInit | undefined;
      if (body?.file) {
        const form = new FormData();
        form.append('file', new Blob([body.file.content], { type: body.file.type }), body.file.name);
        payload = form;
      } else if (body?.json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      }
      const res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
      const textBody = await res.text();
      return { status: res.status, body: textBody ? (JSON.parse(textBody) as unknown) : null };
    },
    { method, path, body },
  );
}

/** Where the app lands after signing in, by role (web/src/features/home/api.ts landingPath). */
const LANDINGS = ['/units', '/home', '/work/appraisal', '/work/council'];

/**
 * Signs in through the login page as a user would (clearing any earlier session first) and waits for the page
 * the app lands on: `landing`, or by default the role's landing (unit staff: /home, appraisers and the council: their
 * work list, the others: /units).
 * `password` defaults to the demo accounts' password.
 */
export async function loginAs(p: Page, baseUrl: string, username: string, password = DEMO_PASSWORD, landing?: string): Promise<void> {
  await p.context().clearCookies();
  await p.goto(`${baseUrl}/login`);
  await p.getByTestId('login-username').fill(username);
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
  await p.waitForURL((url) => (landing ? url.pathname === landing : LANDINGS.includes(url.pathname)));
}

/** The local date (Asia/Ho_Chi_Minh, yyyy-mm-dd) `days` from today. */
export function localDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/**
 * Opens the `year` round of block SO through the API as the organizer signed in on `p`, its windows around today:
 * self-assessment from yesterday for two weeks, then appraisal, explanation and council a week each. Answers its id.
 */
export async function openRoundAroundToday(p: Page, year: number): Promise<number> {
  const opened = await apiFromPage(p, 'POST', '/rounds', {
    json: {
      year,
      blockCode: 'SO',
      selfAssessmentFrom: localDate(-1),
      selfAssessmentTo: localDate(14),
      appraisalTo: localDate(21),
      explanationTo: localDate(28),
      councilTo: localDate(35),
    },
  });
  if (opened.status !== 201) throw new Error(`opening the ${year} round: ${opened.status} ${JSON.stringify(opened.body)}`);
  return (opened.body as { id: number }).id;
}
