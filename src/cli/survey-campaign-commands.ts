import fs from 'node:fs';
import type { Command } from 'commander';
import { RESPONSE_SOURCES } from '../domain/surveys.js';
import { CampaignCode, CampaignListQuery, IssueLinksBody, NewCampaignBody } from '../modules/survey-campaigns/schemas.js';

const service = () => import('../modules/survey-campaigns/service.js');
import { type CliHelpers, parseCliInput } from './helpers.js';

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

/** Columns padded for the terminal. */
function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => String(cell).padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/**
 * `parindex campaign open | list | links`: survey campaigns from the command line, checked by the API's own schemas
 * (src/modules/survey-campaigns/schemas.ts), so a bad date or an unknown template is refused with the same reason.
 */
export function addSurveyCampaignCommands(program: Command, h: CliHelpers) {
  const campaign = program.command('campaign').description('survey campaigns (đợt khảo sát SIPAS, khảo sát cán bộ): open, list, issue personal links');

  campaign
    .command('open')
    .description(
      'open a campaign: the template run for a year over a block’s units (or --units); the target per unit is suggested from its dossiers of the year, n = N / (1 + N × 0.05²) rounded up',
    )
    .requiredOption('--code <code>', 'campaign code')
    .requiredOption('--template <code>', 'survey template code')
    .requiredOption('--year <year>', 'the year surveyed')
    .option('--block <code>', 'survey every unit of this block in the year')
    .option('--units <codes>', 'or these units, comma-separated')
    .option('--name <name>', 'campaign name (default: the code)')
    .option('--opens <date>', 'first day, YYYY-MM-DD (default: 1 January of the year)')
    .option('--closes <date>', 'last day, YYYY-MM-DD (default: 31 December of the year)')
    .option('--channels <list>', `comma-separated channels among ${RESPONSE_SOURCES.join(',')} (default: all)`)
    .option('--double-entry', 'paper forms are entered twice and compared')
    .action(
      async (options: {
        code: string;
        template: string;
        year: string;
        block?: string;
        units?: string;
        name?: string;
        opens?: string;
        closes?: string;
        channels?: string;
        doubleEntry?: boolean;
      }) => {
        const year = h.parseYear(options.year);
        const input = parseCliInput(NewCampaignBody, {
          code: options.code,
          name: options.name ?? options.code,
          templateCode: options.template,
          year,
          opensOn: options.opens ?? `${year}-01-01`,
          closesOn: options.closes ?? `${year}-12-31`,
          channels: list(options.channels),
          doubleEntry: !!options.doubleEntry,
          unitCodes: list(options.units),
          blockCode: options.block,
        });
        const { createCampaign } = await service();
        await h.withDatabase(async (database) => {
          const detail = await createCampaign(database.db, h.actor(), input, new Date());
          process.stdout.write(
            `campaign ${detail.code} opened (${detail.kind}, template ${detail.templateCode}): ${detail.opensOn} → ${detail.closesOn}, ` +
              `channels ${detail.channels.join(',')}, ${detail.units.length} units, target ${detail.units.reduce((s, u) => s + u.target, 0)}\n`,
          );
          if (detail.units.length) {
            process.stdout.write(
              table([['unit_code', 'transactions', 'target', 'short_link'], ...detail.units.map((u) => [u.unitCode, u.transactions, u.target, u.shortLink])]),
            );
          }
        });
      },
    );

  campaign
    .command('list')
    .description('the campaigns (of a year): code, kind, dates, state, units, submitted / target')
    .option('--year <year>', 'only this year')
    .action(async (options: { year?: string }) => {
      const query = parseCliInput(CampaignListQuery, { year: options.year });
      const [{ listCampaigns }, { campaignReader }] = await Promise.all([service(), import('../modules/survey-campaigns/policies.js')]);
      await h.withDatabase(async (database) => {
        const actor = h.actor();
        const { items } = await listCampaigns(database.db, actor, campaignReader(actor), query, new Date());
        if (items.length === 0) return;
        process.stdout.write(
          table([
            ['code', 'kind', 'year', 'opens', 'closes', 'state', 'units', 'submitted/target'],
            ...items.map((c) => [c.code, c.kind, c.year, c.opensOn, c.closesOn, c.state, c.units, `${c.submitted}/${c.target}`]),
          ]),
        );
      });
    });

  campaign
    .command('links')
    .description(
      'issue single-use personal links for a group (officials) or a unit, one per label (a file, one per line) or --count of them; written once as CSV, only their hashes are kept',
    )
    .requiredOption('--code <code>', 'campaign code')
    .option('--group <code>', 'respondent group (officials’ campaign)')
    .option('--unit <code>', 'unit (SIPAS or custom campaign)')
    .option('--labels <file>', 'names, e-mails or phones, one per line')
    .option('--count <n>', 'that many unlabelled links')
    .option('--base-url <url>', 'prefix the links with this address (e.g. https://khaosat.tinh.gov.vn)')
    .option('--out <file>', 'write the CSV to this file instead of standard output')
    .action(async (options: { code: string; group?: string; unit?: string; labels?: string; count?: string; baseUrl?: string; out?: string }) => {
      const code = parseCliInput(CampaignCode, options.code);
      const labels = options.labels
        ? h
            .readInputFile(options.labels)
            .toString('utf8')
            .replace(/^\uFEFF/, '')
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean)
        : undefined;
      const input = parseCliInput(IssueLinksBody, {
        groupCode: options.group,
        unitCode: options.unit,
        labels,
        count: options.count === undefined ? undefined : Number(options.count),
      });
      const [{ issueLinks, LINK_FILE_COLUMNS }, { writeTable }] = await Promise.all([service(), import('../io/tabular.js')]);
      await h.withDatabase(async (database) => {
        const issued = await issueLinks(database.db, h.actor(), code, input, new Date());
        let csv: Buffer | string = issued.csv;
        if (options.baseUrl) {
          const base = options.baseUrl.replace(/\/+$/, '');
          csv = await writeTable(
            'csv',
            LINK_FILE_COLUMNS,
            issued.items.map((l) => ({
              label: l.label,
              group_code: input.groupCode?.trim() ?? null,
              unit_code: input.unitCode?.trim().toUpperCase() ?? null,
              url: `${base}${l.url}`,
            })),
          );
        }
        if (options.out) {
          fs.writeFileSync(options.out, csv);
          process.stdout.write(`${issued.items.length} links written to ${options.out} (they cannot be shown again)\n`);
        } else process.stdout.write(csv);
      });
    });
}
