#!/usr/bin/env node
// Builds the SPA into web/dist only when a source is newer than the last build
// (or always with --force), so `npm start` stays fast on an unchanged checkout.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(root, 'web');
const distIndex = join(webDir, 'dist', 'index.html');
const extraInputs = [join(root, 'vite.config.ts'), join(root, 'src', 'domain', 'text.ts')];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time under `dir`, skipping build output and dependencies. */
function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : mtime(path));
  }
  return newest;
}

const force = process.argv.includes('--force');
// Both pages must be there: the staff app (index.html) and the public survey form (survey.html); a build from before
// the survey page existed is rebuilt.
const builtAt = Math.min(mtime(distIndex), mtime(join(webDir, 'dist', 'survey.html')));
const sourcesAt = Math.max(newestIn(webDir), ...extraInputs.map(mtime));

if (!force && builtAt > 0 && builtAt >= sourcesAt) {
  console.log('web: build is up to date (web/dist)');
  process.exit(0);
}

console.log(force ? 'web: building (forced)…' : builtAt ? 'web: sources changed, rebuilding…' : 'web: no build yet, building…');
const { build } = await import('vite');
try {
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log('web: built into web/dist');
} catch (error) {
  console.error('web: build failed');
  console.error(error);
  process.exit(1);
}
