import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { archiveDossierYear, dossierPartitions } from '../src/modules/dossiers/partitions.js';
import { appVersion, listSequences, listTables, quoteIdent, readSequence } from '../src/modules/backup/tables.js';
import { attachEvidence, storeUpload } from '../src/modules/files/service.js';
import { LocalFileStore } from '../src/modules/files/storage.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';
import { SAMPLE_FRAMEWORK } from './helpers/samples.js';

// A populated database (the demo province, a framework, a past year's scores, procedures, dossiers, a calendar and
// an evidence file) is backed up, restored into a fresh workspace, and compared with the original: every export
// byte for byte, every table's row count, the audit log row by row, the sequences and the stored file.
let source: CliWorkspace;
let target: CliWorkspace;
let archive: string;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const PDF_SHA = createHash('sha256').update(PDF).digest('hex');

async function ok(ws: CliWorkspace, args: string[], stdin?: string): Promise<string> {
  const run = await ws.run(args, stdin);
  expect(run.stderr, args.join(' ')).toBe('');
  expect(run.code, args.join(' ')).toBe(0);
  return run.stdout;
}

/** Every export and report the CLI has, as text (CSV or JSON), for the comparison. */
async function exports(ws: CliWorkspace): Promise<Record<string, string>> {
  const commands: Record<string, string[]> = {
    units: ['export', 'units', '--year', '2025'],
    framework: ['export', 'framework', '--year', '2025', '--block', 'SO', '--format', 'json'],
    results: ['export', 'results', '--year', '2025', '--block', 'SO', '--format', 'csv'],
    resultsJson: ['export', 'results', '--year', '2025', '--block', 'SO', '--format', 'json'],
    procedures: ['export', 'procedures'],
    proceduresReport: ['report', 'procedures', '--format', 'json'],
    calendar: ['export', 'calendar', '--year', '2025'],
    timeliness: ['report', 'timeliness', '--year', '2025', '--as-of', '2025-12-31'],
    timelinessByField: ['report', 'timeliness', '--year', '2025', '--as-of', '2025-12-31', '--by', 'field', '--format', 'json'],
  };
  const out: Record<string, string> = {};
  for (const [name, args] of Object.entries(commands)) out[name] = await ok(ws, args);
  return out;
}

interface DatabaseState {
  counts: Record<string, number>;
  audit: unknown[];
  sequences: Record<string, string>;
}

async function state(ws: CliWorkspace): Promise<DatabaseState> {
  return ws.withDb(async (database: Database) => {
    const query = async <T>(statement: string) => queryRows<T>(database.db, sql.raw(statement));
    const counts: Record<string, number> = {};
    for (const table of [...(await listTables(query)).map((t) => t.name), 'sessions']) {
      counts[table] = (await query<{ n: number }>(`select count(*)::int as n from ${quoteIdent(table)}`))[0]!.n;
    }
    const audit = await query(`select * from audit_log order by id`);
    const sequences: Record<string, string> = {};
    for (const name of await listSequences(query)) {
      const value = await readSequence(query, name);
      sequences[name] = `${value.last_value}/${value.is_called}`;
    }
    return { counts, audit, sequences };
  });
}

/** The stored files' paths under the data folder (with PostgreSQL the folder appears with the first file). */
const storedFiles = (ws: CliWorkspace) => {
  const root = path.join(ws.dir, 'data');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.startsWith('files/') && /[0-9a-f]{64}$/.test(f));
};

beforeAll(async () => {
  source = await cliWorkspace('parindex-cli-backup-src-');
  target = await cliWorkspace('parindex-cli-backup-dst-');
  archive = path.join(source.dir, 'backup.tar.gz');
  const file = (name: string, lines: string[]) => {
    const p = path.join(source.dir, name);
    fs.writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  };
  await ok(source, ['demo', '--years', '2025']);
  await ok(source, ['import', 'framework', SAMPLE_FRAMEWORK, '--year', '2025', '--block', 'SO']);
  await ok(source, [
    'import',
    'scores',
    file('scores.csv', [
      'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable',
      'SNV,1.1.1,1,,,',
      'SNV,1.2,2,1.5,,',
      'SNV,9.1,,,,yes',
      'STP,1.1.1,1,,,',
    ]),
    '--year',
    '2025',
    '--block',
    'SO',
  ]);
  await ok(source, [
    'import',
    'calendar',
    file('calendar.csv', [
      'date_from,date_to,kind,name',
      '2025-01-25,2025-02-02,holiday,Tết Nguyên đán',
      '2025-04-07,2025-04-07,holiday,Giỗ Tổ Hùng Vương',
      '2025-04-26,2025-04-26,workday,Làm bù',
    ]),
    '--confirm-movable',
  ]);
  await ok(source, [
    'import',
    'procedures',
    file('procedures.csv', [
      'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published',
      '2.000001,"Cấp giấy phép bán lẻ rượu, bia",Thương mại,SCT,10,6,full,1200000,true',
      '2.000002,Đăng ký khuyến mại,Thương mại,SCT,5,5,partial,,true',
      '1.000003,Đăng ký khai sinh,Hộ tịch,X001,5,3,full,,false',
    ]),
  ]);
  await ok(source, [
    'import',
    'dossiers',
    file('dossiers.csv', [
      'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status',
      'D1,SCT,2.000001,,online,2025-03-03T08:00,,2025-03-05T10:00,,resolved',
      'D2,SCT,2.000002,,direct,2025-03-10T08:00,,2025-03-28T10:00,,resolved',
      'D3,X001,1.000003,,online,2025-11-03T08:00,,,,processing',
      'D4,X001,1.000003,"Hộ tịch\tkhai sinh",postal,2025-06-02T08:00,,2025-06-04T16:30,,resolved',
      'D5,SCT,2.000001,,online,2024-12-30T08:00,,2025-01-03T10:00,,resolved',
      'D6,SCT,2.000002,,direct,2023-05-05T08:00,,2023-05-08T10:00,,resolved',
    ]),
  ]);
  // Dossiers partitioned by year (2023, 2024, 2025), and 2023 archived: its own table, restored as it was.
  await source.withDb(async ({ db }) => archiveDossierYear(db, systemActor('test:fixture'), 2023, 2026));
  await ok(
    source,
    ['user', 'add', '--username', 'lan.nguyen', '--password-stdin', '--role', 'viewer', '--display-name', "Nguyễn Thị Lan \\ 'quote'"],
    'a-long-password\n',
  );
  // An evidence file in the store and its rows, as an upload would leave them.
  await source.withDb(async ({ db }) => {
    const actor = systemActor('test:fixture');
    const store = LocalFileStore.inDataDir(path.join(source.dir, 'data'));
    const uploaded = await storeUpload(db, store, actor, { stream: PDF, fileName: 'Quyết định số 12.pdf', limitBytes: 1 << 20 });
    const [ids] = await queryRows<{ round_id: number; unit_id: number; criterion_id: number }>(
      db,
      sql`select r.id as round_id, u.id as unit_id, c.id as criterion_id from rounds r join criteria c on c.framework_id = r.framework_id
          join units u on u.code = 'SNV' where r.year = 2025 and c.code = '1.1.1'`,
    );
    await attachEvidence(db, actor, {
      roundId: ids!.round_id,
      unitId: ids!.unit_id,
      criterionId: ids!.criterion_id,
      sha256: uploaded.sha256,
      fileName: uploaded.fileName,
    });
  });
}, 600_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('parindex backup and restore', { timeout: 600_000 }, () => {
  it('has help for both commands', () => {
    expect(helpOf(['backup']).replace(/\s+/g, ' ')).toContain('Usage: parindex backup [options]');
    expect(helpOf(['backup'])).toContain('--output <file>');
    expect(helpOf(['restore']).replace(/\s+/g, ' ')).toContain('Usage: parindex restore [options] <file>');
  });

  it('round-trips a populated database; refuses damaged archives and a non-empty database, changing nothing', async () => {
    const before = await state(source);
    expect(before.counts.units).toBe(89);
    expect(before.counts.scores).toBe(4);
    expect(before.counts.dossiers).toBe(5);
    expect(before.counts.dossiers_archived_y2023).toBe(1);
    expect(before.counts.evidence).toBe(1);
    expect(before.counts.files).toBe(1);
    // Rows kept by triggers (the score summary) and by imports (the rollups) are there to be compared too.
    expect(before.counts.score_vectors).toBeGreaterThan(0);
    expect(before.counts.dossier_monthly_rollups).toBeGreaterThan(0);
    const originalExports = await exports(source);

    const backup = await source.run(['backup', '--output', archive]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const total = Object.entries(before.counts).reduce((sum, [table, n]) => sum + (table === 'sessions' ? 0 : n), 0);
    expect(backup.stdout).toMatch(
      new RegExp(`^backup written: ${archive.replace(/[.\\/]/g, '\\$&')} \\(\\d+ bytes\\): \\d+ tables, ${total} rows, 1 file, migration \\d{4}_\\w+\\n$`),
    );
    // A second backup to the same name is refused unless --force.
    const again = await source.run(['backup', '--output', archive]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: ${archive} already exists (use --force to replace it)\n`);

    // One byte flipped in the middle of the compressed stream: refused, nothing written.
    const bytes = fs.readFileSync(archive);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const flippedFile = path.join(target.dir, 'flipped.tar.gz');
    fs.writeFileSync(flippedFile, flipped);
    const broken = await target.run(['restore', flippedFile]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    // gzip checks its CRC only at the end of the stream: depending on where the flipped byte lands, the damage shows
    // first as a broken member (checksum, tar) or as a row COPY cannot read. Either way the restore stops whole.
    expect(broken.stderr).toMatch(/^error: The archive (is damaged or incomplete|could not be loaded) \(.+\).*nothing was restored\n$/);
    const empty = await state(target);
    expect(Object.values(empty.counts).every((n) => n === 0)).toBe(true);
    expect(storedFiles(target)).toEqual([]);

    // A valid gzip and tar whose units member was edited (one letter of a name): the checksum catches it.
    const tarBytes = zlib.gunzipSync(bytes);
    const unitsMember = tarBytes.indexOf(Buffer.from('-units/000001.copy'));
    const name = tarBytes.indexOf(Buffer.from('Sở Công Thương'), unitsMember);
    expect(unitsMember).toBeGreaterThan(0);
    expect(name).toBeGreaterThan(unitsMember);
    tarBytes[name + Buffer.byteLength('Sở ')] = 'K'.charCodeAt(0);
    const editedFile = path.join(target.dir, 'edited.tar.gz');
    fs.writeFileSync(editedFile, zlib.gzipSync(tarBytes));
    const edited = await target.run(['restore', editedFile]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(
      /^error: The archive is damaged or incomplete \(database\/\d{3}-units\/000001\.copy does not match its checksum\): nothing was restored\n$/,
    );
    expect(await state(target)).toEqual(empty);
    expect(storedFiles(target)).toEqual([]);

    // An archive of a newer parindex (a migration this code does not know) is refused before anything is done.
    const version = /migration (\d{4}_\w+)\n$/.exec(backup.stdout)![1]!;
    const future = `9999_${'z'.repeat(version.length - 5)}`;
    const newerTar = zlib.gunzipSync(bytes);
    const at = newerTar.indexOf(Buffer.from(`"version": "${version}"`));
    expect(at).toBeGreaterThan(0);
    newerTar.write(future, at + '"version": "'.length);
    const newerFile = path.join(target.dir, 'newer.tar.gz');
    fs.writeFileSync(newerFile, zlib.gzipSync(newerTar));
    const newer = await target.run(['restore', newerFile]);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toBe(
      `error: The archive was made by a newer parindex (migration ${future}, app ${appVersion()}); this code knows up to ${version}: upgrade parindex first\n`,
    );
    expect(await state(target)).toEqual(empty);

    // The real archive restores into the (still empty) workspace.
    const referenceVersion = (ws: CliWorkspace) =>
      ws.withDb(async ({ db }) => (await queryRows<{ version: string }>(db, sql`select version::text as version from reference_data_version`))[0]?.version);
    const versionBefore = await referenceVersion(target);
    expect(versionBefore).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const restored = await target.run(['restore', archive]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      new RegExp(
        `^restored .+: \\d+ tables, ${total} rows, 1 file \\(backup of .+, migration (\\w+)\\); database now at \\1\\. Everyone signs in again\\.\\n$`,
      ),
    );

    const after = await state(target);
    expect(after).toEqual(before);
    // The triggers that version units, procedures and the calendar were off during the load: the restore changes it,
    // so that a server which cached them reads them again.
    expect(await referenceVersion(target)).not.toBe(versionBefore);
    // Each year in its own partition again (the restore loads them into the default one, then moves them).
    const partitions = (ws: CliWorkspace) =>
      ws.withDb(async ({ db }) => (await dossierPartitions(db)).map((p) => `${p.year}:${p.table}:${p.archived ? 'archived' : 'attached'}`));
    expect(await partitions(target)).toEqual([
      'null:dossiers_default:attached',
      '2023:dossiers_archived_y2023:archived',
      '2024:dossiers_y2024:attached',
      '2025:dossiers_y2025:attached',
    ]);
    expect(await partitions(target)).toEqual(await partitions(source));
    const defaultRows = await target.withDb(async ({ db }) => queryRows<{ n: number }>(db, sql`select count(*)::int as n from dossiers_default`));
    expect(defaultRows).toEqual([{ n: 0 }]);
    expect(await exports(target)).toEqual(originalExports);
    expect(storedFiles(target)).toEqual([`files/${PDF_SHA.slice(0, 2)}/${PDF_SHA.slice(2, 4)}/${PDF_SHA}`]);
    expect(fs.readFileSync(path.join(target.dir, 'data', 'files', PDF_SHA.slice(0, 2), PDF_SHA.slice(2, 4), PDF_SHA))).toEqual(PDF);

    // Restoring again into the now populated database is refused and changes nothing.
    const twice = await target.run(['restore', archive]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^error: The database is not empty \(rows in .*audit_log.*\): restore only into a new, empty database\n$/);
    expect(await state(target)).toEqual(before);

    // The sequences were set: the next account gets the same id on both sides, and the audit log goes on alike.
    for (const ws of [source, target])
      await ok(ws, ['user', 'add', '--username', 'minh.tran', '--password-stdin', '--role', 'viewer'], 'another-long-password\n');
    const next = async (ws: CliWorkspace) =>
      ws.withDb(async ({ db }) =>
        queryRows<{ id: number; audit: number }>(db, sql`select u.id, (select max(id)::int from audit_log) as audit from users u where username = 'minh.tran'`),
      );
    expect(await next(target)).toEqual(await next(source));
  });
  it('says what is damaged as a reason with parameters, in Vietnamese with --lang vi', async () => {
    // A gzip'd tar whose first member is the header, but not JSON: refused before the database is touched.
    const pack = tar.pack();
    pack.entry({ name: 'parindex-backup.json' }, 'not json');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    const notJson = path.join(target.dir, 'not-json.tar.gz');
    fs.writeFileSync(notJson, zlib.gzipSync(Buffer.concat(chunks)));
    const vi = await target.run(['--lang', 'vi', 'restore', notJson]);
    expect(vi.code).toBe(1);
    expect(vi.stderr).toBe('lỗi: Tệp sao lưu bị hỏng hoặc không đầy đủ (parindex-backup.json không phải là JSON): chưa khôi phục gì\n');
    const en = await target.run(['restore', notJson]);
    expect(en.stderr).toBe('error: The archive is damaged or incomplete (parindex-backup.json is not JSON): nothing was restored\n');
  });
});
