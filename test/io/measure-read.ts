/**
 * Reads one file as an import would — `table` through readTable (the units columns), `dossier` through the dossier
 * reader (every row) — and prints `{ maxRssMb, rows, error }` as JSON: run in a child process by
 * test/hostile/files-import.test.ts and bench/import-memory.ts to measure the peak memory of reading alone.
 *   node --import tsx test/io/measure-read.ts table|dossier FILE
 */
import fs from 'node:fs';
import { readTable } from '../../src/io/tabular.js';
import { DossierFileError, DossierHeaderError, readDossierFile, RowShapeError } from '../../src/modules/dossiers/reader.js';

const [kind, file] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
let error: unknown = null;
try {
  if (kind === 'table') {
    rows = (await readTable(fs.readFileSync(file!), { required: ['code', 'name', 'block'], optional: ['parent_code'] })).length;
  } else {
    for await (const batch of readDossierFile(fs.createReadStream(file!, { highWaterMark: 64 * 1024 }), () => {})) {
      for (const item of batch) if (!(item instanceof RowShapeError)) rows++;
    }
  }
} catch (e) {
  if (e instanceof DossierFileError)
    error = { code: 'import_rejected', rows: [e.column ? { row: e.row, column: e.column, message: e.message } : { row: e.row, message: e.message }] };
  else if (e instanceof DossierHeaderError) error = { code: 'import_rejected', rows: e.problems };
  else error = { code: (e as { code?: string }).code, rows: (e as { details?: { rows?: unknown } }).details?.rows, message: (e as Error).message };
}
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ maxRssMb, seconds: Math.round(performance.now() - started) / 1000, rows, error })}\n`);
