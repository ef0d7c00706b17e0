import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { importDossierFile, type DossierImportResult } from '../modules/dossiers/import.js';
import type { CliHelpers } from './helpers.js';

/** The import's outcome as the command prints it: counts, then every listed rejected row with its line. */
export function describeDossierImport(result: DossierImportResult, skipInvalid: boolean): string {
  const lines: string[] = [];
  if (result.status === 'done') {
    lines.push(
      `dossiers imported (run ${result.importId}): ${result.rowsRead} rows read, ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected`,
    );
  } else {
    lines.push(`dossier import rejected (run ${result.importId}): ${result.rejected} row(s) rejected of ${result.rowsRead} read; nothing was written${skipInvalid ? '' : ' (--skip-invalid loads the valid rows)'}`);
  }
  for (const e of result.errors) lines.push(`  line ${e.row}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
  if (result.errors.length < result.rejected) lines.push(`  … ${result.rejected - result.errors.length} more rejected row(s) not listed`);
  return `${lines.join('\n')}\n`;
}

export function addDossierCommands(importCommand: Command, _exportCommand: Command, _reportCommand: Command, h: CliHelpers) {
  importCommand
    .command('dossiers <file>')
    .description(
      'import dossiers (CSV or XLSX, streamed): columns code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status; ' +
        'all or nothing unless --skip-invalid; exit code 1 when rows were rejected',
    )
    .option('--skip-invalid', 'load the valid rows and list the rejected ones')
    .option('--timings', 'print the time of each phase (read, check, dossiers, rollups) on standard error')
    .action(async (file: string, options: { skipInvalid?: boolean; timings?: boolean }) => {
      if (!fs.existsSync(file)) throw new AppError('not_found', `File not found: ${file}`);
      const skipInvalid = !!options.skipInvalid;
      const phases: string[] = [];
      await h.withDatabase(async (database) => {
        const result = await importDossierFile(database, h.actor(), {
          stream: fs.createReadStream(file, { highWaterMark: 64 * 1024 }),
          fileName: path.basename(file),
          bytesTotal: fs.statSync(file).size,
          skipInvalid,
          source: 'cli',
          onPhase: options.timings ? (phase, ms) => phases.push(`${phase} ${(ms / 1000).toFixed(2)} s`) : undefined,
        });
        if (options.timings) process.stderr.write(`timings: ${phases.join(', ')}\n`);
        const text = describeDossierImport(result, skipInvalid);
        if (result.status === 'done' && result.rejected === 0) process.stdout.write(text);
        else {
          (result.status === 'done' ? process.stdout : process.stderr).write(text);
          process.exitCode = 1;
        }
      });
    });
}
