import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { FRAMEWORK_FORMATS, type FrameworkFileFormat } from '../modules/frameworks/file-format.js';
import { ExportCliQuery, ImportQuery } from '../modules/frameworks/schemas.js';
import { type CliHelpers as Helpers, parseCliInput } from './helpers.js';

const SOURCES = { file: 'from the file', previous_revision: 'kept from the previous revision', default: 'the default bands' } as const;

/** `import framework` and `export framework`: a year's framework in and out as JSON, CSV or XLSX. */
export function addFrameworkCommands(importCommand: Command, exportCommand: Command, h: Helpers) {
  importCommand
    .command('framework <file>')
    .description(
      'import a framework (bộ tiêu chí) as the next revision of a year and block: JSON as exported, or CSV/XLSX with columns ' +
        'code,title,max_points,method,evidence_required,appraiser,guidance,formula[,survey] (a survey link as JSON; XLSX: class bands on a sheet "classes" with label,min). ' +
        "A JSON file's own year and block must match --year and --block. See docs/frameworks.md",
    )
    .requiredOption('--year <year>', 'year of the framework')
    .requiredOption('--block <code>', 'block code, e.g. SO')
    .addOption(new Option('--format <format>', 'file format (default: detected from the content)').choices(FRAMEWORK_FORMATS))
    .option('--name <name>', "framework name for a CSV/XLSX file (default: the previous revision's name)")
    .action(async (file: string, options: { year: string; block: string; format?: FrameworkFileFormat; name?: string }) => {
      // The API's query schema: the command refuses what POST /frameworks/import refuses.
      const query = parseCliInput(ImportQuery, options);
      const { importFramework } = await import('../modules/frameworks/transfer.js');
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const { framework, classesSource } = await importFramework(database.db, h.actor(), buffer, query);
        process.stdout.write(
          `framework imported: ${framework.blockCode} ${framework.year} revision ${framework.revision}, ${framework.criterionCount} criteria, ` +
            `maximum ${framework.totalMax}, class bands ${SOURCES[classesSource]}\n`,
        );
      });
    });

  exportCommand
    .command('framework')
    .description('export the framework of a year and block (latest revision unless --revision) as JSON, CSV or XLSX; the file imports back unchanged')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--block <code>', 'block code')
    .option('--revision <n>', 'revision number (default: the latest)')
    .addOption(new Option('--format <format>', 'file format').choices(FRAMEWORK_FORMATS).default('json'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; block: string; revision?: string; format: FrameworkFileFormat; output?: string }) => {
      const { year, block, revision } = parseCliInput(ExportCliQuery, options);
      const [{ findFrameworkId }, { exportFramework }] = await Promise.all([
        import('../modules/frameworks/service.js'),
        import('../modules/frameworks/transfer.js'),
      ]);
      await h.withDatabase(async (database) => {
        const id = await findFrameworkId(database.db, { year, block, ...(revision !== undefined ? { revision } : {}) });
        const { buffer } = await exportFramework(database.db, id, options.format);
        // Written only once the whole file exists: an error leaves no file behind.
        if (options.output) fs.writeFileSync(options.output, buffer);
        else process.stdout.write(buffer);
      });
    });
}
