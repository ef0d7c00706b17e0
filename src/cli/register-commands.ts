import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { REGISTER_KINDS } from '../domain/registers.js';
import { RegisterExportQuery, RegisterImportQuery } from '../modules/registers/schemas.js';
import { type CliHelpers, parseCliInput } from './helpers.js';

/** `import register` and `export register`: the registers units report on (docs/registers.md). */
export function addRegisterCommands(importCommand: Command, exportCommand: Command, h: CliHelpers) {
  importCommand
    .command('register <file>')
    .description(
      `import a register from CSV/XLSX unit_code,code,title,date,<the register's fields> (registers: ${REGISTER_KINDS.join(', ')}); ` +
        'all or nothing; keyed by unit, register and code',
    )
    .requiredOption('--register <kind>', `the register: ${REGISTER_KINDS.join('|')}`)
    .requiredOption('--year <year>', 'the entries’ year')
    .action(async (file: string, options: { register: string; year: string }) => {
      const query = parseCliInput(RegisterImportQuery, { year: options.year, register: options.register });
      const { importRegister } = await import('../modules/registers/service.js');
      const buffer = h.readInputFile(file);
      await h.withDatabase(async (database) => {
        const r = await importRegister(database.db, h.actor(), query.year, query.register, buffer);
        process.stdout.write(`register ${query.register} imported: ${r.rows} rows, ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged\n`);
      });
    });

  exportCommand
    .command('register')
    .description('export a register of a year as the file `import register` reads (unit_code,code,title,date,<fields>; dates dd/mm/yyyy)')
    .requiredOption('--register <kind>', `the register: ${REGISTER_KINDS.join('|')}`)
    .requiredOption('--year <year>', 'the entries’ year')
    .option('--unit <code>', 'only this unit’s entries')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { register: string; year: string; unit?: string; format: string; out?: string }) => {
      const query = parseCliInput(RegisterExportQuery, { year: options.year, register: options.register, unit: options.unit, format: options.format });
      const { exportRegister } = await import('../modules/registers/service.js');
      await h.withDatabase(async (database) => {
        const file = await exportRegister(database.db, h.actor(), query.year, query.register, query.format, query.unit);
        if (options.out) fs.writeFileSync(options.out, file);
        else process.stdout.write(file);
      });
    });
}
