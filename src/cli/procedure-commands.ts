import fs from 'node:fs';
import { type Command, Option } from 'commander';

const service = () => import('../modules/procedures/service.js');
import type { CliHelpers } from './helpers.js';

/** `import procedures`, `export procedures` and `report procedures`: the procedure catalogue and its figures. */
export function addProcedureCommands(importCommand: Command, exportCommand: Command, reportCommand: Command, h: CliHelpers) {
  importCommand
    .command('procedures <file>')
    .description(
      'import procedures (thủ tục hành chính) from CSV/XLSX with columns code,name,field,unit_code,legal_days,internal_days,online_level,fee,published; ' +
        'all or nothing; an existing code is updated, an unchanged row writes nothing',
    )
    .action(async (file: string) => {
      const { importProcedures } = await service();
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const r = await importProcedures(database.db, h.actor(), buffer);
        process.stdout.write(`procedures imported: ${r.rows} rows, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged\n`);
      });
    });

  exportCommand
    .command('procedures')
    .description("export the procedure catalogue (all procedures, or one unit's) in the import format")
    .option('--unit <code>', 'only the procedures this unit resolves')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { unit?: string; format: 'csv' | 'xlsx'; output?: string }) => {
      const [{ exportProcedures }, { procedureReader }] = await Promise.all([service(), import('../modules/procedures/policies.js')]);
      await h.withDatabase(async (database) => {
        const file = await exportProcedures(database.db, procedureReader(h.actor()), {
          format: options.format,
          ...(options.unit ? { unit: options.unit } : {}),
        });
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });

  reportCommand
    .command('procedures')
    .description(
      'per-unit figures of the catalogue: total, published, fully / partly / not online, time cut against the legal limit (count, average %, cut by ≥ 30 %); last row TOTAL = the province',
    )
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { format: 'csv' | 'xlsx' | 'json'; output?: string }) => {
      const { procedureStatistics, statisticsTable } = await service();
      await h.withDatabase(async (database) => {
        const file =
          options.format === 'json'
            ? Buffer.from(`${JSON.stringify(await procedureStatistics(database.db), null, 2)}\n`)
            : await statisticsTable(database.db, options.format);
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });
}
