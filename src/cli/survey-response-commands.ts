import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { ExportQuery } from '../modules/survey-entry/schemas.js';
import type { CliHelpers } from './helpers.js';
import { parseCliInput } from './helpers.js';

/** `import survey-responses FILE --campaign C` and `export survey-responses --campaign C`: a campaign's responses as CSV or XLSX. */
export function addSurveyResponseCommands(importCommand: Command, exportCommand: Command, h: CliHelpers) {
  importCommand
    .command('survey-responses <file>')
    .description(
      "import a campaign's responses from CSV/XLSX: response_id,unit_code,<question_code>… " +
        '(officials: response_id,group_code,rated_unit_code,<question_code>…, one row per rated unit); option codes or numbers, ' +
        "';' between the codes of a multi-choice, an empty cell is no answer; all or nothing; by response_id an unchanged row writes nothing, a changed one replaces the response",
    )
    .requiredOption('--campaign <code>', 'campaign code')
    .action(async (file: string, options: { campaign: string }) => {
      const { importResponses } = await import('../modules/survey-entry/import.js');
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const r = await importResponses(database.db, h.actor(), options.campaign, buffer, new Date());
        process.stdout.write(
          `survey responses imported into ${options.campaign}: ${r.rows} rows, ${r.responses} responses: ${r.inserted} inserted, ${r.replaced} replaced, ${r.unchanged} unchanged\n`,
        );
      });
    });

  exportCommand
    .command('survey-responses')
    .description("export a campaign's submitted responses, one row per response (officials: per rated unit); with codes it is the import format")
    .requiredOption('--campaign <code>', 'campaign code')
    .addOption(new Option('--format <format>', 'file format (default: from the --out extension, else csv)').choices(['csv', 'xlsx']))
    .option('--labels', 'write option labels instead of codes (for reading; not re-importable)')
    .option('--unit <code>', "only this unit's responses")
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--output <file>', 'the same as --out')
    .action(async (options: { campaign: string; format?: 'csv' | 'xlsx'; labels?: boolean; unit?: string; out?: string; output?: string }) => {
      const out = options.out ?? options.output;
      const format = options.format ?? (out && path.extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
      const query = parseCliInput(ExportQuery, { format, values: options.labels ? 'labels' : 'codes', ...(options.unit ? { unit: options.unit } : {}) });
      const { exportResponses } = await import('../modules/survey-entry/export.js');
      await h.withDatabase(async (database) => {
        const { file } = await exportResponses(database.db, h.actor(), options.campaign, query);
        if (out) fs.writeFileSync(out, file);
        else process.stdout.write(file);
      });
    });
}
