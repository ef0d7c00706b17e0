import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { fail } from '../modules/reminders/reasons.js';
import { DigestSendQuery } from '../modules/reminders/schemas.js';
import { type CliHelpers, parseCliInput } from './helpers.js';

/** `reminders send`: the day's reminder digests now, for deployments that send from cron (docs/reminders.md). */
export function addReminderCommands(program: Command, h: CliHelpers) {
  const reminders = program.command('reminders').description('reminders of deadlines (plan tasks, reports, remediation items)');
  reminders
    .command('send')
    .description(
      'send the daily reminder digest now (SMTP_URL, SMTP_FROM, PUBLIC_URL) to each enabled user with an e-mail address and something due; ' +
        'a user already sent the day’s digest (by a server or an earlier run) is skipped',
    )
    .option('--date <date>', 'YYYY-MM-DD: the local day to send for (default: today)')
    .action(async (options: { date?: string }) => {
      const query = parseCliInput(DigestSendQuery, { '--date': options.date });
      const config = loadConfig();
      if (!config.smtp) throw fail('reminders_smtp_not_configured');
      const [{ sendDailyDigests }, { createSmtpMailer }] = await Promise.all([
        import('../modules/reminders/digest.js'),
        import('../modules/reminders/mailer.js'),
      ]);
      const mailer = createSmtpMailer(config.smtp);
      try {
        await h.withDatabase(async (database) => {
          const errors: string[] = [];
          const run = await sendDailyDigests(database.db, mailer, new Date(), {
            ...(query['--date'] ? { day: query['--date'] } : {}),
            publicUrl: config.publicUrl,
            log: { error: (obj, msg) => errors.push(`${msg}: ${String((obj as { err?: Error }).err?.message ?? '')}`) },
          });
          for (const line of errors) process.stderr.write(`${line}\n`);
          process.stdout.write(`reminder digests for ${run.day}: ${run.sent} sent, ${run.alreadySent} already sent, ${run.failed} failed\n`);
          if (run.failed) process.exitCode = 1;
        });
      } finally {
        mailer.close();
      }
    });
}
