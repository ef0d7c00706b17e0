import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One demo cache per browser run (test/browser/harness.ts demoDataDir), removed at the end. */
export default function setup() {
  const cache = mkdtempSync(join(tmpdir(), 'parindex-demo-cache-'));
  process.env.PARINDEX_DEMO_CACHE = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
