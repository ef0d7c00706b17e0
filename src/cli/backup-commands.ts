import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import type { CliHelpers } from './helpers.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `parindex backup` and `parindex restore`: the database and the stored files in one archive. See docs/backup.md. */
export function addBackupCommands(program: Command, helpers: CliHelpers): void {
  program
    .command('backup')
    .summary('write the database and the stored files into one archive')
    .description(
      'write the database (every table, read in one snapshot) and the stored evidence files into one .tar.gz archive; ' +
        'works on PGlite (stop the server first) and on PostgreSQL (while the server runs); see docs/backup.md',
    )
    .requiredOption('--output <file>', 'the archive to write, e.g. parindex-2025-06-30.tar.gz')
    .option('--force', 'replace the file if it exists')
    .action(async (options: { output: string; force?: boolean }) => {
      const [{ createBackup }, { LocalFileStore }] = await Promise.all([import('../modules/backup/backup.js'), import('../modules/files/storage.js')]);
      const config = loadConfig();
      await helpers.withDatabase(async (database) => {
        const summary = await createBackup(database, {
          output: options.output,
          force: !!options.force,
          store: LocalFileStore.inDataDir(config.dataDir),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        const { manifest } = summary;
        const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
        process.stdout.write(
          `backup written: ${summary.output} (${summary.bytes} bytes): ${plural(manifest.tables.length, 'table')}, ${plural(rows, 'row')}, ` +
            `${plural(manifest.files.length, 'file')}, migration ${manifest.migration.version}\n`,
        );
        if (manifest.missing_files.length)
          process.stderr.write(`warning: ${plural(manifest.missing_files.length, 'stored file')} named by the database were missing\n`);
      });
    });

  program
    .command('restore <file>')
    .summary('restore such an archive into an empty database, all or nothing')
    .description(
      'restore an archive written by "parindex backup" into an empty database (a new PARINDEX_DATA_DIR or a new PostgreSQL database), ' +
        "all or nothing; then run this version's later migrations; see docs/backup.md",
    )
    .action(async (file: string) => {
      const [{ openDatabase }, { lockDataDir }, { restoreBackup }, { LocalFileStore }] = await Promise.all([
        import('../db/client.js'),
        import('../db/data-dir-lock.js'),
        import('../modules/backup/restore.js'),
        import('../modules/files/storage.js'),
      ]);
      const config = loadConfig();
      const release = config.database.kind === 'pglite' ? lockDataDir(config.database.dataDir) : () => undefined;
      try {
        // Opened without migrating: restore migrates to the archive's version itself.
        const database = await openDatabase(config.database);
        try {
          const summary = await restoreBackup(database, {
            archive: path.resolve(file),
            store: LocalFileStore.inDataDir(config.dataDir),
            log: (line) => process.stderr.write(`${line}\n`),
          });
          process.stdout.write(
            `restored ${path.resolve(file)}: ${plural(summary.manifest.tables.length, 'table')}, ${plural(summary.rows, 'row')}, ${plural(summary.files, 'file')} ` +
              `(backup of ${summary.manifest.created_at}, migration ${summary.archiveVersion}); database now at ${summary.version}. Everyone signs in again.\n`,
          );
        } finally {
          await database.close();
        }
      } finally {
        release();
      }
    });
}
