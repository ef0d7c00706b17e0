import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Language, reasonMessage } from '../catalogue.js';
import { fillMessage, type ImportRowError } from '../errors.js';
import { fail } from '../modules/dossiers/reasons.js';
import type { DossierImportResult } from '../modules/dossiers/schemas.js';
import type { CliHelpers } from './helpers.js';
import { localYear } from '../domain/local-time.js';

const partitions = () => import('../modules/dossiers/partitions.js');

/** The command's own lines in both languages ({{…}} filled like the catalogue's messages). */
const LINES: Record<Language, { done: string; rejected: string; skipHint: string; row: string; column: string; more: string }> = {
  vi: {
    done: 'đã nhập hồ sơ (lượt {{id}}): đọc {{rowsRead}} dòng, thêm mới {{inserted}}, cập nhật {{updated}}, không đổi {{unchanged}}, bị từ chối {{rejected}}',
    rejected: 'tệp hồ sơ bị từ chối (lượt {{id}}): {{rejected}}/{{rowsRead}} dòng không hợp lệ; chưa ghi dữ liệu nào',
    skipHint: ' (--skip-invalid để nhập các dòng hợp lệ)',
    row: 'dòng',
    column: 'cột',
    more: '  … còn {{more}} dòng bị từ chối không được liệt kê',
  },
  en: {
    done: 'dossiers imported (run {{id}}): {{rowsRead}} rows read, {{inserted}} inserted, {{updated}} updated, {{unchanged}} unchanged, {{rejected}} rejected',
    rejected: 'dossier import rejected (run {{id}}): {{rejected}} row(s) rejected of {{rowsRead}} read; nothing was written',
    skipHint: ' (--skip-invalid loads the valid rows)',
    row: 'line',
    column: 'column',
    more: '  … {{more}} more rejected row(s) not listed',
  },
};

/** A rejected row's reason in the language, from the catalogue; its English message when it has no reason. */
const rowText = (error: ImportRowError, language: Language) => (error.code ? reasonMessage(error.code, error.params, language) : null) ?? error.message;

/**
 * The import's outcome as the command prints it, in the CLI's language (`--lang`, Vietnamese by default): counts,
 * then every listed rejected row with its line and the reason from the catalogue.
 */
export function describeDossierImport(result: DossierImportResult, skipInvalid: boolean, language: Language = 'vi'): string {
  const words = LINES[language];
  const counts = {
    id: result.importId,
    rowsRead: result.rowsRead,
    inserted: result.inserted,
    updated: result.updated,
    unchanged: result.unchanged,
    rejected: result.rejected,
  };
  const lines: string[] = [];
  if (result.status === 'done') lines.push(fillMessage(words.done, counts));
  else lines.push(`${fillMessage(words.rejected, counts)}${skipInvalid ? '' : words.skipHint}`);
  for (const e of result.errors) lines.push(`  ${words.row} ${e.row}${e.column ? `, ${words.column} ${e.column}` : ''}: ${rowText(e, language)}`);
  if (result.errors.length < result.rejected) lines.push(fillMessage(words.more, { more: result.rejected - result.errors.length }));
  return `${lines.join('\n')}\n`;
}

/** The program's `--lang` (on the root command), read through the command's parents. */
function languageOf(command: Command): Language {
  for (let c: Command | null = command; c; c = c.parent) {
    const lang = c.opts<{ lang?: string }>().lang;
    if (lang === 'en' || lang === 'vi') return lang;
  }
  return 'vi';
}

export function addDossierCommands(importCommand: Command, _exportCommand: Command, _reportCommand: Command, h: CliHelpers, program: Command) {
  addPartitionCommands(program, h);

  importCommand
    .command('dossiers <file>')
    .description(
      'import dossiers (CSV or XLSX, streamed): columns code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status; ' +
        'all or nothing unless --skip-invalid; exit code 1 when rows were rejected',
    )
    .option('--skip-invalid', 'load the valid rows and list the rejected ones')
    .option('--timings', 'print the time of each phase (read, check, dossiers, rollups) on standard error')
    .action(async (file: string, options: { skipInvalid?: boolean; timings?: boolean }, command: Command) => {
      if (!fs.existsSync(file)) throw fail('dossier_cli_file_not_found', { file });
      const language = languageOf(command);
      const skipInvalid = !!options.skipInvalid;
      const phases: string[] = [];
      const { importDossierFile } = await import('../modules/dossiers/import.js');
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
        const text = describeDossierImport(result, skipInvalid, language);
        if (result.status === 'done' && result.rejected === 0) process.stdout.write(text);
        else {
          (result.status === 'done' ? process.stdout : process.stderr).write(text);
          process.exitCode = 1;
        }
      });
    });
}

/** The partitions of `dossiers` by year of receipt: list, archive a past year, restore it (docs/scale.md "Partitions"). */
function addPartitionCommands(program: Command, h: CliHelpers) {
  const dossiers = program.command('dossiers').description('dossier partitions by year of receipt: list, archive a past year, restore it');
  dossiers
    .command('partitions')
    .description('list the partitions of the dossiers table (one per year of receipt) and the archived years')
    .action(async (_options: unknown, command: Command) => {
      const vi = languageOf(command) === 'vi';
      const { dossierPartitions } = await partitions();
      await h.withDatabase(async (database) => {
        const lines = (await dossierPartitions(database.db)).map(
          (p) =>
            `${p.year ?? (vi ? 'khác' : 'other')}\t${p.table}\t${p.rows}\t${
              p.archived
                ? vi
                  ? `đã lưu trữ ${p.archivedAt} bởi ${p.archivedBy}`
                  : `archived ${p.archivedAt} by ${p.archivedBy}`
                : vi
                  ? 'đang dùng'
                  : 'attached'
            }`,
        );
        process.stdout.write(`${[vi ? 'năm\tbảng\tsố hồ sơ\ttrạng thái' : 'year\ttable\trows\tstate', ...lines].join('\n')}\n`);
      });
    });
  dossiers
    .command('archive')
    .description(
      "detach a past year's dossiers from the dossiers table into the table dossiers_archived_y<YEAR> (kept in the database: " +
        'pg_dump -t it to move it away); the timeliness figures of the year stay; imports of that year are refused until restored',
    )
    .requiredOption('--year <year>', 'the year of receipt, before the current year')
    .action(async (options: { year: string }, command: Command) => {
      const year = h.parseYear(options.year);
      const vi = languageOf(command) === 'vi';
      await h.withDatabase(async (database) => {
        const { archiveDossierYear } = await partitions();
        const done = await archiveDossierYear(database.db, h.actor(), year, localYear(new Date()));
        process.stdout.write(
          vi
            ? `đã lưu trữ hồ sơ năm ${done.year}: ${done.rows} hồ sơ, bảng ${done.table}\n`
            : `archived the dossiers of ${done.year}: ${done.rows} dossiers, table ${done.table}\n`,
        );
      });
    });
  dossiers
    .command('restore')
    .description('attach an archived year back to the dossiers table')
    .requiredOption('--year <year>', 'the archived year')
    .action(async (options: { year: string }, command: Command) => {
      const year = h.parseYear(options.year);
      const vi = languageOf(command) === 'vi';
      await h.withDatabase(async (database) => {
        const { restoreDossierYear } = await partitions();
        const done = await restoreDossierYear(database.db, h.actor(), year);
        process.stdout.write(
          vi ? `đã khôi phục hồ sơ năm ${done.year}: ${done.rows} hồ sơ\n` : `restored the dossiers of ${done.year}: ${done.rows} dossiers\n`,
        );
      });
    });
}
