import fs from 'node:fs';
import { type Command, Option } from 'commander';
import type { TableFormat } from '../io/tabular.js';
import type { CliHelpers } from './helpers.js';

/** `import calendar` and `export calendar`: the working-day calendar (holidays, make-up working days) in and out. */
export function addCalendarCommands(importCommand: Command, exportCommand: Command, _reportCommand: Command, h: CliHelpers) {
  importCommand
    .command('calendar <file>')
    .description(
      'import holidays and make-up working days (all or nothing): CSV/XLSX with columns date,kind,name or ' +
        'date_from,date_to,kind,name (kind holiday or workday; dates YYYY-MM-DD or DD/MM/YYYY; a range at most 31 days). ' +
        'Years the file touches are set up with the fixed-date holidays. Due dates of dossiers already imported do not change. ' +
        'See docs/calendar.md',
    )
    .option('--confirm-movable', "also confirm the movable holidays (Tết, Hùng Kings' day, National Day's second day) of the years in the file")
    .action(async (file: string, options: { confirmMovable?: boolean }) => {
      const { importCalendar } = await import('../modules/calendar/service.js');
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const result = await importCalendar(database.db, h.actor(), buffer, { confirmMovable: !!options.confirmMovable });
        const lines = [`calendar imported: ${result.days} days (${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged)`];
        for (const y of result.years) {
          const setUp = y.setUpNow ? ', set up now with the fixed-date holidays' : '';
          const movable = y.movableConfirmed
            ? 'movable holidays confirmed'
            : "movable holidays NOT confirmed yet (check Tết, Hùng Kings' day, 1 or 3 September; then confirm in the web app or re-import with --confirm-movable)";
          lines.push(`  ${y.year}${setUp}; ${movable}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  exportCommand
    .command('calendar')
    .description("export a year's configured holidays and make-up working days (columns date,kind,name, one row per day); the file imports back unchanged")
    .requiredOption('--year <year>', 'year')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year: string; format: TableFormat; output?: string }) => {
      const year = h.parseYear(options.year);
      const { exportCalendar } = await import('../modules/calendar/service.js');
      await h.withDatabase(async (database) => {
        const file = await exportCalendar(database.db, year, options.format);
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });
}
