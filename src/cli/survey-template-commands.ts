import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';

const service = () => import('../modules/survey-templates/service.js');
import { SURVEY_TEMPLATE_FORMATS, type SurveyTemplateFormat } from '../modules/survey-templates/schemas.js';
import type { CliHelpers } from './helpers.js';

/** `import survey-template FILE` and `export survey-template --code C`: survey templates as JSON or XLSX files. */
export function addSurveyTemplateCommands(importCommand: Command, exportCommand: Command, h: CliHelpers) {
  importCommand
    .command('survey-template <file>')
    .description(
      'import a survey template (mẫu phiếu) from JSON or XLSX (sheets template, questions, options; see docs/surveys.md); ' +
        'a new code is created, an existing one replaced; all or nothing',
    )
    .action(async (file: string) => {
      const { importTemplate } = await service();
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const r = await importTemplate(database.db, h.actor(), buffer);
        process.stdout.write(`survey template ${r.code}: ${r.outcome} (${r.questions} questions, version ${r.version})\n`);
      });
    });

  exportCommand
    .command('survey-template')
    .description('export a survey template as JSON or XLSX, in the import format')
    .requiredOption('--code <code>', 'template code (e.g. SIPAS)')
    .addOption(new Option('--format <format>', 'file format (default: from the --out extension, else json)').choices([...SURVEY_TEMPLATE_FORMATS]))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--output <file>', 'the same as --out')
    .action(async (options: { code: string; format?: SurveyTemplateFormat; out?: string; output?: string }) => {
      const out = options.out ?? options.output;
      const byExtension = out && path.extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'json';
      const format = options.format ?? byExtension;
      const { exportTemplate } = await service();
      await h.withDatabase(async (database) => {
        const file = await exportTemplate(database.db, options.code, format);
        if (out) fs.writeFileSync(out, file);
        else process.stdout.write(file);
      });
    });
}
