/**
 * What a phone downloads to open the public survey form: every script and style sheet survey.html references (its
 * entry script, the chunks it preloads or imports statically, its CSS), each with its size and gzip size, and the total
 * against the budget of 100 KB gzip (issue 12: "the public form's JavaScript and CSS under 100 KB gzip").
 *
 *   npx tsx bench/survey-form-size.ts [--size small|full] [--dist DIR]
 * Builds the web app into a temporary folder (vite build, as `npm run build` does) unless --dist names an existing
 * build (e.g. web/dist). Both sizes measure the same thing (the bundle does not depend on data). Exits 1 when survey.html
 * or an asset it names is missing, or when the total is over the budget.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { benchFailure, benchOptions } from './lib.js';

const BUDGET_BYTES = 100 * 1024;
const options = benchOptions({ usage: 'npx tsx bench/survey-form-size.ts [--size small|full] [--dist DIR]', numbers: {}, strings: ['dist'] });
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

let dist = options.text('dist');
let scratch: string | null = null;
if (!dist) {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-survey-size-'));
  dist = scratch;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  console.log(`built the web app into ${dist} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  const page = path.join(dist, 'survey.html');
  if (!fs.existsSync(page)) {
    benchFailure(`${page} is missing (survey.html is an input of vite.config.ts)`);
  } else {
    const html = fs.readFileSync(page, 'utf8');
    // <script src>, <link rel="modulepreload"|"stylesheet" href>: what the browser fetches before the form shows.
    const referenced = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => /\.(m?js|css)$/.test(u));
    const seen = new Set<string>();
    const queue = [...referenced];
    const rows: { file: string; bytes: number; gzip: number }[] = [];
    while (queue.length > 0) {
      const url = queue.shift()!;
      const file = url.replace(/^\//, '');
      if (seen.has(file)) continue;
      seen.add(file);
      const full = path.join(dist, file);
      if (!fs.existsSync(full)) {
        benchFailure(`survey.html references ${url}, which is not in ${dist}`);
        continue;
      }
      const content = fs.readFileSync(full);
      rows.push({ file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length });
      if (file.endsWith('.js')) {
        // Static imports between chunks (`import{…}from"./react-….js"`) load with the page; dynamic import() does not.
        for (const m of content.toString('utf8').matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
          queue.push(path.posix.join(path.posix.dirname(file), m[1]!));
        }
      }
    }
    if (rows.length === 0) benchFailure('survey.html references no script or style sheet');
    const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
    console.log('\nsurvey.html loads:');
    console.log(`  ${'asset'.padEnd(44)} ${'size'.padStart(10)} ${'gzip'.padStart(10)}`);
    for (const row of rows.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${row.file.padEnd(44)} ${kb(row.bytes)} ${kb(row.gzip)}`);
    const total = rows.reduce((n, r) => n + r.gzip, 0);
    const raw = rows.reduce((n, r) => n + r.bytes, 0);
    const js = rows.filter((r) => r.file.endsWith('.js')).reduce((n, r) => n + r.gzip, 0);
    console.log(`  ${'total'.padEnd(44)} ${kb(raw)} ${kb(total)}   (JS ${kb(js).trim()}, CSS ${kb(total - js).trim()} gzip)`);
    const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
    console.log(
      `\nsurvey form JS + CSS: ${(total / 1024).toFixed(1)} KB gzip of the 100 KB budget (${((total / BUDGET_BYTES) * 100).toFixed(0)} %): ${verdict} budget`,
    );
    if (total > BUDGET_BYTES) benchFailure(`the survey form loads ${(total / 1024).toFixed(1)} KB gzip, over the 100 KB budget`);
  }
} finally {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
