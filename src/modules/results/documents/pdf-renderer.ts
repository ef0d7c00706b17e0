// playwright-core is loaded when the first PDF is printed: it weighs ~90 MB that no other command or request needs.
import type { Browser } from 'playwright-core';
import type { App } from '../../../http/app.js';
import { LOCAL_TIME_ZONE } from '../../../domain/local-time.js';

/**
 * The unit scorecard is HTML printed to PDF by headless Chromium (playwright-core driving the system's
 * /usr/bin/chromium); fonts come from the system (DejaVu, which covers Vietnamese) and are embedded in the PDF.
 */

export const PDF_CONTENT_TYPE = 'application/pdf';

const renderers = new WeakMap<object, PdfRenderer>();

/**
 * The server's one renderer for every PDF document (the scorecard, the self-assessment report): created for the
 * application on first call and closed with it.
 */
export function appPdfRenderer(app: App): PdfRenderer {
  let renderer = renderers.get(app);
  if (!renderer) {
    const created = new PdfRenderer();
    renderer = created;
    renderers.set(app, created);
    app.addHook('onClose', () => created.close());
  }
  return renderer;
}
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Prints HTML to PDF with headless Chromium. One browser is started on first use and shared; it is closed
 * after a minute without work (and by `close()`), so an idle server holds no Chromium. At most two pages
 * print at once. Pages run without JavaScript and without network: the HTML is self-contained.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly executablePath = DEFAULT_CHROMIUM,
    private readonly options: { concurrency?: number; idleMs?: number; timeoutMs?: number } = {},
  ) {}

  async render(html: string): Promise<Buffer> {
    await this.acquire();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true, locale: 'vi-VN', timezoneId: LOCAL_TIME_ZONE });
      context.setDefaultTimeout(this.options.timeoutMs ?? 20_000);
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate:
            '<div style="width:100%;font-size:8px;font-family:\'DejaVu Serif\',serif;text-align:center;color:#555">Trang <span class="pageNumber"></span>/<span class="totalPages"></span></div>',
        });
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  /** The same self-contained HTML as a PNG image of width × height CSS pixels, `scale` device pixels each (e.g. a QR poster). */
  async screenshot(html: string, size: { width: number; height: number; scale?: number }): Promise<Buffer> {
    await this.acquire();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({
        javaScriptEnabled: false,
        offline: true,
        locale: 'vi-VN',
        timezoneId: LOCAL_TIME_ZONE,
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: size.scale ?? 1,
      });
      context.setDefaultTimeout(this.options.timeoutMs ?? 20_000);
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.screenshot({ type: 'png' });
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  /** Closes the shared browser, if one runs. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => undefined);
  }

  private launch(): Promise<Browser> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (!this.browser) {
      const launching = import('playwright-core')
        .then(({ chromium }) =>
          chromium.launch({
            executablePath: this.executablePath,
            headless: true,
            args: [
              '--disable-gpu',
              '--no-first-run',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--disable-dev-shm-usage',
            ],
          }),
        )
        .then(
          (browser) => {
            browser.on('disconnected', () => {
              if (this.browser === launching) this.browser = null;
            });
            return browser;
          },
          (error: unknown) => {
            if (this.browser === launching) this.browser = null;
            throw new Error(
              `PDF documents are printed by Chromium at ${this.executablePath}, which could not be started (apt-get install chromium): ${(error as Error).message}`,
            );
          },
        );
      this.browser = launching;
    }
    return this.browser;
  }

  private async acquire(): Promise<void> {
    if (this.running < (this.options.concurrency ?? 2)) this.running += 1;
    // A finished render hands its slot straight to the next waiting one.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.running -= 1;
    if (this.running === 0 && this.browser) {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs ?? 60_000);
      this.idleTimer.unref();
    }
  }
}
