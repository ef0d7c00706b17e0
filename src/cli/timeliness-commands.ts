import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { localDate } from '../domain/deadlines.js';
import { TimelinessReportQuery } from '../modules/timeliness/schemas.js';
import { type CliHelpers, parseCliInput } from './helpers.js';

/** `report timeliness`: the year's timeliness per unit (or unit and field), from the rollup tables. */
export function addTimelinessCommands(_importCommand: Command, _exportCommand: Command, reportCommand: Command, h: CliHelpers) {
  reportCommand
    .command('timeliness')
    .description(
      'timeliness of a year per unit: columns unit_code,received,resolved,early,on_time,late,overdue_processing,on_time_rate ' +
        '(received by local receipt date in the year; resolved/early/on_time/late by local resolution date; overdue at the report date; ' +
        'rate = (early + on_time) / resolved × 100, two decimals, empty when nothing was resolved); see docs/timeliness.md',
    )
    .requiredOption('--year <year>', 'the local calendar year')
    .option('--unit <code>', 'only this unit (not its child units)')
    .option('--as-of <date>', 'report date YYYY-MM-DD for overdue in processing (default: today while the year runs, else 31 December of the year)')
    .addOption(new Option('--by <grouping>', 'field: one row per unit and field (a field column after unit_code)').choices(['unit', 'field']).default('unit'))
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; unit?: string; asOf?: string; by: string; format: string; output?: string }) => {
      // The API's own query schema: the CLI refuses exactly what GET /timeliness/report refuses.
      const { year, unit, asOf, by, format } = parseCliInput(TimelinessReportQuery.required({ year: true }), {
        year: options.year,
        unit: options.unit,
        asOf: options.asOf,
        by: options.by,
        format: options.format,
      });
      const { reportFile, reportUnitNames, timelinessReport } = await import('../modules/timeliness/service.js');
      await h.withDatabase(async (database) => {
        const report = await timelinessReport(database.db, { year, unit: unit ?? null, asOf: asOf ?? null, by }, localDate(new Date()));
        const file = await reportFile(report, format, format === 'xlsx' ? await reportUnitNames(database.db, report) : undefined);
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });
}
