import fs from 'node:fs';
import os from 'node:os';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { localYear } from '../domain/local-time.js';
import { AppError, type ImportRowError, type ReasonedText } from '../errors.js';
import { type Language, reasonMessage } from '../catalogue.js';
import { systemActor } from '../modules/auth/actor.js';
import { ROLES } from '../db/schema.js';
import { DEFAULT_DEMO_DOSSIERS } from '../modules/demo/defaults.js';
import { addResultCommands } from './results-commands.js';
import { addFrameworkCommands } from './framework-commands.js';
import { addCalendarCommands } from './calendar-commands.js';
import { addProcedureCommands } from './procedure-commands.js';
import { addDossierCommands } from './dossier-commands.js';
import { addTimelinessCommands } from './timeliness-commands.js';
import { addPlanCommands } from './plan-commands.js';
import { addPeriodicReportCommands } from './periodic-report-commands.js';
import { addReminderCommands } from './reminder-commands.js';
import { addRegisterCommands } from './register-commands.js';
import { parseCliInput, parseYearOption, readInputFile } from './helpers.js';
import { addBackupCommands } from './backup-commands.js';
import { addSurveyReportCommands } from './survey-report-commands.js';
import { addSurveyCampaignCommands } from './survey-campaign-commands.js';
import { addSurveyTemplateCommands } from './survey-template-commands.js';
import { addSurveyResponseCommands } from './survey-response-commands.js';
import type { Database } from '../db/client.js';

const cliActor = () => systemActor(`cli:${os.userInfo().username}`);

const parseYear = (value: string): number => parseYearOption(value);

/** Opens the database for one command and closes it afterwards, whatever happens. */
async function withDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  // Loaded on demand, as every command's own modules: `parindex import dossiers` loads what it needs and no more.
  const { openConfiguredDatabase } = await import('../db/open.js');
  const opened = await openConfiguredDatabase(loadConfig());
  try {
    return await run(opened.database);
  } finally {
    await opened.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function buildCli(): Command {
  const program = new Command('parindex')
    .description('parindex: the PAR Index (Chỉ số CCHC) platform. Configuration comes from the environment (see README).')
    .addOption(new Option('--lang <language>', 'language of messages and errors').choices(['vi', 'en']).default('vi').env('PARINDEX_LANG'))
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the web app and API (PORT, PARINDEX_DATA_DIR or DATABASE_URL)')
    .action(async () => {
      // Loaded on demand: the other commands need no HTTP stack.
      const { startServer } = await import('../server.js');
      await startServer(loadConfig());
    });

  program
    .command('migrate')
    .description('bring the database schema up to date and print the migration version')
    .action(() =>
      withDatabase(async (database) => {
        const status = await database.migrationStatus();
        process.stdout.write(`${database.kind}: ${status.count} migrations applied, version ${status.version}\n`);
      }),
    );

  const user = program.command('user').description('manage user accounts');
  user
    .command('add')
    .description('create a user; the password is read from standard input')
    .requiredOption('--username <username>', 'sign-in name')
    .requiredOption('--password-stdin', 'read the password from standard input')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--unit <code>', 'unit code (required for unit_officer, unit_leader, appraiser)')
    .option('--display-name <name>', 'full name shown in the app')
    .option('--temporary', 'require a password change at first sign-in')
    .action(async (options: { username: string; role: (typeof ROLES)[number]; unit?: string; displayName?: string; temporary?: boolean }) => {
      // The same schema as POST /api/v1/users: the CLI refuses exactly what the API refuses.
      const [{ parseCliInput }, { CliNewUser }] = await Promise.all([import('./helpers.js'), import('../modules/users/schemas.js')]);
      const input = parseCliInput(CliNewUser, {
        username: options.username,
        displayName: options.displayName ?? options.username,
        role: options.role,
        unitCode: options.unit ?? null,
        password: await readStdin(),
        mustChangePassword: !!options.temporary,
      });
      const { createUser } = await import('../modules/users/service.js');
      await withDatabase(async (database) => {
        const { user: created } = await createUser(database.db, cliActor(), input);
        process.stdout.write(`created user ${created.username} (${created.role}${created.unitCode ? `, ${created.unitCode}` : ''})\n`);
      });
    });

  program
    .command('demo')
    .description(
      'load the fictional demo province: blocks and units, one account per role, frameworks, three published years, ' +
        "this year's rounds open with units at work, the calendar, procedures, dossiers and apology letters (idempotent)",
    )
    .option('--dossiers <count>', 'how many dossiers to generate for this year and the previous one', String(DEFAULT_DEMO_DOSSIERS))
    .option('--years <years>', 'only the organisation (blocks, units, accounts) with memberships for these comma-separated years')
    .action(async (options: { years?: string; dossiers: string }) => {
      const [{ loadDemoOrganisation, loadFullDemo }, { DEMO_PASSWORD }, { LocalFileStore }] = await Promise.all([
        import('../modules/demo/service.js'),
        import('../modules/demo/province.js'),
        import('../modules/files/storage.js'),
      ]);
      const users = `Demo users (password "${DEMO_PASSWORD}"): demo.admin, demo.officer, demo.leader, demo.commune, demo.appraiser, demo.council, demo.viewer`;
      if (options.years) {
        const years = options.years.split(',').map((y) => parseYearOption(y.trim(), '--years'));
        await withDatabase(async (database) => {
          const result = await loadDemoOrganisation(database.db, cliActor(), years);
          process.stdout.write(
            `Demo province loaded (DEMO DATA, fictional): ${result.unitCount} units for ${years.join(', ')}, ${result.unitsCreated} newly created.\n` +
              `${users}${result.usersCreated.length ? '' : ' (already present)'}\n`,
          );
        });
        return;
      }
      const count = z.object({ '--dossiers': z.coerce.number().int().min(0).max(5_000_000) });
      const dossiers = parseCliInput(count, { '--dossiers': options.dossiers })['--dossiers'];
      const config = loadConfig();
      await withDatabase(async (database) => {
        const steps: string[] = [];
        const result = await loadFullDemo(database, cliActor(), {
          now: new Date(),
          dossiers,
          store: LocalFileStore.inDataDir(config.dataDir),
          onStep: (step, ms) => steps.push(`${step} ${(ms / 1000).toFixed(1)} s`),
        });
        const { past, current } = result.years;
        const r = result.openRounds;
        process.stdout.write(
          `Demo province loaded (DEMO DATA, fictional): ${result.unitCount} units for ${past[0]}–${current}, ${result.unitsCreated} newly created.\n` +
            `Frameworks: ${result.frameworksCreated} created; results published for ${past.join(', ')}: ${result.yearsPublished} blocks newly published.\n` +
            `Rounds ${current}: ${r.opened} opened (${r.submitted} units submitted, ${r.appraised} appraised, ${r.explanationsAsked} explanations asked, ${r.explanationsAnswered} answered).\n` +
            `Procedures: ${result.procedures}; dossiers: ${result.dossiersImported} newly imported; apology letters: ${result.lettersIssued} newly issued.\n` +
            `Surveys ${current}: ${result.surveys.campaignsOpened} campaigns newly opened (SIPAS-${current}, DTXHH-${current}) with ${result.surveys.responses} responses.\n` +
            `Plans ${current}: ${result.plans.plans} plans with ${result.plans.tasks} tasks newly added.\n` +
            `${users}${result.usersCreated.length ? '' : ' (already present)'}\n` +
            `Loaded in ${(result.milliseconds / 1000).toFixed(1)} s (${steps.join(', ')}).\n`,
        );
      });
    });

  const importCommand = program.command('import').description('import data from CSV or XLSX files (all or nothing)');
  importCommand
    .command('units <file>')
    .description('import units: columns code,name,block,parent_code; unknown blocks are created by code')
    .option('--year <year>', 'year of the block memberships (default: this year)')
    .action(async (file: string, options: { year?: string }) => {
      const year = options.year ? parseYear(options.year) : localYear(new Date());
      const buffer = readInputFile(file);
      const { importUnits } = await import('../modules/units/service.js');
      await withDatabase(async (database) => {
        const result = await importUnits(database.db, cliActor(), buffer, year);
        process.stdout.write(`units imported for ${year}: ${result.created} created, ${result.updated} updated, ${result.blocksCreated} blocks created\n`);
      });
    });
  importCommand
    .command('blocks <file>')
    .description('import blocks: columns code,name')
    .action(async (file: string) => {
      const buffer = readInputFile(file);
      const { importBlocks } = await import('../modules/blocks/service.js');
      await withDatabase(async (database) => {
        const result = await importBlocks(database.db, cliActor(), buffer);
        process.stdout.write(`blocks imported: ${result.created} created, ${result.updated} updated\n`);
      });
    });

  const exportCommand = program.command('export').description('export data as CSV or XLSX');
  exportCommand
    .command('units')
    .description('export the units of a year (columns code,name,block,parent_code)')
    .option('--year <year>', 'year (default: this year)')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { year?: string; format: 'csv' | 'xlsx'; output?: string }) => {
      const year = options.year ? parseYear(options.year) : localYear(new Date());
      const { exportUnits } = await import('../modules/units/service.js');
      await withDatabase(async (database) => {
        const file = await exportUnits(database.db, year, options.format);
        if (options.output) fs.writeFileSync(options.output, file);
        else process.stdout.write(file);
      });
    });

  const reportCommand = program.command('report').description('reports computed from the data (CSV, XLSX or JSON)');
  const helpers = { withDatabase, readInputFile, parseYear, actor: cliActor };
  addResultCommands(importCommand, exportCommand, helpers);
  addFrameworkCommands(importCommand, exportCommand, helpers);
  addCalendarCommands(importCommand, exportCommand, reportCommand, helpers);
  addProcedureCommands(importCommand, exportCommand, reportCommand, helpers);
  addDossierCommands(importCommand, exportCommand, reportCommand, helpers, program);
  addTimelinessCommands(importCommand, exportCommand, reportCommand, helpers);
  addPlanCommands(importCommand, reportCommand, helpers);
  addPeriodicReportCommands(reportCommand, helpers);
  addRegisterCommands(importCommand, exportCommand, helpers);
  addSurveyTemplateCommands(importCommand, exportCommand, helpers);
  addSurveyResponseCommands(importCommand, exportCommand, helpers);
  addSurveyReportCommands(reportCommand, helpers);
  addBackupCommands(program, helpers);
  addReminderCommands(program, helpers);
  addSurveyCampaignCommands(program, helpers);
  return program;
}

const WORDS: Record<Language, { error: string; row: string; column: string }> = {
  vi: { error: 'lỗi', row: 'dòng', column: 'cột' },
  en: { error: 'error', row: 'row', column: 'column' },
};

/** An error for the terminal, in the chosen language: each reason from the catalogue, the English message otherwise. */
export function describeError(error: unknown, language: Language = 'vi'): string {
  const words = WORDS[language];
  const text = (item: ReasonedText) => (item.code ? reasonMessage(item.code, item.params, language) : null) ?? item.message;
  if (error instanceof AppError) {
    const details = error.details as { rows?: ImportRowError[]; issues?: (ReasonedText & { path: string })[] } | undefined;
    const headline =
      (error.reason ? reasonMessage(error.reason, error.params, language) : null) ??
      (language === 'en' ? error.message : (reasonMessage(error.code, null, language) ?? error.message));
    const lines = [`${words.error}: ${headline}`];
    for (const row of details?.rows ?? []) lines.push(`  ${words.row} ${row.row}${row.column ? `, ${words.column} ${row.column}` : ''}: ${text(row)}`);
    for (const issue of details?.issues ?? []) lines.push(`  ${issue.path}: ${text(issue)}`);
    if (language === 'vi' && !error.reason && headline !== error.message) lines.push(`  (${error.message})`);
    return lines.join('\n');
  }
  if (error instanceof DataDirLockedError) return `${words.error}: ${reasonMessage(error.reason, error.params, language) ?? error.message}`;
  if (error instanceof ConfigError) return `${words.error}: ${error.message}`;
  return `${words.error}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

export async function runCli(argv: string[]): Promise<void> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const language = program.opts<{ lang?: Language }>().lang === 'en' ? 'en' : 'vi';
    process.stderr.write(`${describeError(error, language)}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli/main.ts')) {
  await runCli(process.argv);
}
