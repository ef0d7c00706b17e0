import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { CampaignParams, SipasReportQuery } from '../modules/survey-results/schemas.js';
import { type CliHelpers, parseCliInput } from './helpers.js';

/** `report sipas`: a campaign's satisfaction indices per unit, as GET /api/v1/surveys/campaigns/:code/results/report gives them. */
export function addSurveyReportCommands(reportCommand: Command, h: CliHelpers) {
  reportCommand
    .command('sipas')
    .description(
      'the SIPAS indices of a survey campaign, one row for every unit of the campaign sorted by unit code: ' +
        'unit_code,responses,access,procedure,civil_servant,result,feedback,sipas (two decimals; empty where nothing was answered)',
    )
    .requiredOption('--campaign <code>', 'campaign code')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--output <file>', 'the same as --out')
    .action(async (options: { campaign: string; format: string; out?: string; output?: string }) => {
      // The API's schemas: the command refuses what the route refuses.
      const { code, format } = parseCliInput(CampaignParams.extend(SipasReportQuery.shape), { code: options.campaign, format: options.format });
      const { sipasReport } = await import('../modules/survey-results/report.js');
      const file = await h.withDatabase((database) => sipasReport(database.db, h.actor(), code, format));
      const out = options.out ?? options.output;
      if (out) fs.writeFileSync(out, file);
      else process.stdout.write(file);
    });
}
