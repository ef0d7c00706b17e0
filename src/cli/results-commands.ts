import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { ScorecardQuery, YearBlock } from '../modules/results/schemas.js';
import { type CliHelpers as Helpers, parseCliInput } from './helpers.js';

/** `import scores` and `export results`: loading past years and taking results out. */
export function addResultCommands(importCommand: Command, exportCommand: Command, h: Helpers) {
  importCommand
    .command('scores <file>')
    .description(
      'load a past year: columns unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable (empty = no value); scores count as approved',
    )
    .requiredOption('--year <year>', 'year')
    .requiredOption('--block <code>', 'block code')
    .action(async (file: string, options: { year: string; block: string }) => {
      // The API's query schema: the command refuses what POST /scores/import refuses.
      const { year, block } = parseCliInput(YearBlock, options);
      const { importScores } = await import('../modules/results/scores-import.js');
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const result = await importScores(database.db, h.actor(), buffer, year, block);
        process.stdout.write(`scores imported for ${year} ${block.toUpperCase()}: ${result.rows} rows for ${result.units} units, ${result.changed} changed\n`);
      });
    });

  exportCommand
    .command('results')
    .description('export the results of a year and block (published revision, else the approved computation)')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--block <code>', 'block code')
    .addOption(
      new Option('--format <format>', 'file format (docx: the report with a summary and the ranking table)')
        .choices(['csv', 'xlsx', 'json', 'docx'])
        .default('csv'),
    )
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; block: string; format: 'csv' | 'xlsx' | 'json' | 'docx'; output?: string }) => {
      const { year, block } = parseCliInput(YearBlock, options);
      const [{ visibleResults, publicationHistory }, { buildResultsReport }, { exportResults }] = await Promise.all([
        import('../modules/results/service.js'),
        import('../modules/results/documents/report.js'),
        import('../modules/results/documents/table.js'),
      ]);
      await h.withDatabase(async (database) => {
        const { results } = await visibleResults(database.db, year, block, true);
        const file =
          options.format === 'docx'
            ? await buildResultsReport(results, await publicationHistory(database.db, results.roundId))
            : await exportResults(results, options.format);
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });

  exportCommand
    .command('scorecard')
    .description("a unit's scorecard of a year and block as PDF (printed by Chromium at /usr/bin/chromium)")
    .requiredOption('--year <year>', 'year')
    .requiredOption('--block <code>', 'block code')
    .requiredOption('--unit <code>', 'unit code')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; block: string; unit: string; output?: string }) => {
      const { year, block, unit } = parseCliInput(ScorecardQuery, options);
      const [{ visibleResults, publicationHistory }, { buildUnitScorecard }] = await Promise.all([
        import('../modules/results/service.js'),
        import('../modules/results/documents/scorecard.js'),
      ]);
      // Read under the database, print after closing it: Chromium needs no data folder.
      const { results, history } = await h.withDatabase(async (database) => {
        const { results } = await visibleResults(database.db, year, block, true);
        return { results, history: await publicationHistory(database.db, results.roundId) };
      });
      const file = await buildUnitScorecard(results, unit, { history });
      if (options.output) fs.writeFileSync(options.output, file);
      else process.stdout.write(file);
    });
}
