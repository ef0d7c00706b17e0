import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { StatusQuery } from '../modules/periodic-reports/schemas.js';
import { type CliHelpers, parseCliInput } from './helpers.js';

export const PERIODIC_STATUS_COLUMNS = ['unit_code', 'unit_name', 'due_on', 'state', 'submitted_on', 'document_no'] as const;

/** `report periodic`: who reported a period on time, late or not at all (docs/periodic-reports.md). */
export function addPeriodicReportCommands(reportCommand: Command, h: CliHelpers) {
  reportCommand
    .command('periodic')
    .description('per unit of the year: unit_code,unit_name,due_on,state,submitted_on,document_no (state on_time|late|not_submitted; local dates)')
    .requiredOption('--year <year>', 'the reports’ year')
    .requiredOption('--period <period>', 'q1|q2|q3|q4|h1|m9|year')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; period: string; format: 'csv' | 'xlsx' | 'json'; output?: string }) => {
      const query = parseCliInput(StatusQuery, { year: options.year, period: options.period });
      const [{ writeTable }, { reportStatus }] = await Promise.all([import('../io/tabular.js'), import('../modules/periodic-reports/service.js')]);
      await h.withDatabase(async (database) => {
        const status = await reportStatus(database.db, query.year, query.period);
        const file =
          options.format === 'json'
            ? Buffer.from(`${JSON.stringify(status, null, 2)}\n`)
            : await writeTable(
                options.format,
                PERIODIC_STATUS_COLUMNS,
                status.units.map((u) => ({
                  unit_code: u.unitCode,
                  unit_name: u.unitName,
                  due_on: status.dueOn ?? '',
                  state: u.state,
                  submitted_on: u.submittedOn ?? '',
                  document_no: u.documentNo ?? '',
                })),
                'reports',
              );
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });
}
