import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { defaultAsOf } from '../domain/plans.js';
import { localDateOf } from '../domain/timeliness.js';
import { PlansReportQuery } from '../modules/plans/schemas.js';
import { type CliHelpers, parseCliInput } from './helpers.js';

/** `import plan-tasks` and `report plans`: reform plans' tasks and their progress (docs/plans.md). */
export function addPlanCommands(importCommand: Command, reportCommand: Command, h: CliHelpers) {
  importCommand
    .command('plan-tasks <file>')
    .description(
      'import plan tasks from CSV/XLSX unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on ' +
        '(status todo|in_progress|done|cancelled; a done task needs completed_on); all or nothing; keyed by unit, plan and task code',
    )
    .requiredOption('--year <year>', 'the plans’ year', h.parseYear)
    .action(async (file: string, options: { year: number }) => {
      const { importPlanTasks } = await import('../modules/plans/service.js');
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const r = await importPlanTasks(database.db, h.actor(), options.year, buffer);
        process.stdout.write(
          `plan tasks imported: ${r.rows} rows, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ${r.plansCreated} plans created\n`,
        );
      });
    });

  reportCommand
    .command('plans')
    .description(
      'per unit with plans: unit_code,plans_required,plans_issued,tasks,tasks_completed,tasks_overdue,completion_rate (cancelled tasks left out; rate empty when no task counts)',
    )
    .requiredOption('--year <year>', 'the plans’ year')
    .option('--as-of <date>', 'YYYY-MM-DD: tasks not done with a deadline before it are overdue (default: today while the year runs, else 31 December)')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; asOf?: string; format: string; output?: string }) => {
      const query = parseCliInput(PlansReportQuery, { year: options.year, asOf: options.asOf, format: options.format });
      const asOf = query.asOf ?? defaultAsOf(query.year, localDateOf(Date.now()));
      const { plansReport, plansReportFile } = await import('../modules/plans/service.js');
      await h.withDatabase(async (database) => {
        const file =
          query.format === 'json'
            ? Buffer.from(`${JSON.stringify(await plansReport(database.db, query.year, asOf), null, 2)}\n`)
            : await plansReportFile(database.db, query.year, asOf, query.format);
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });
}
