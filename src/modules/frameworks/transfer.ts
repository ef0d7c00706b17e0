import { and, desc, eq } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { frameworks } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import type { ClassBand } from '../../domain/framework.js';
import type { Actor } from '../auth/actor.js';
import { insertFramework, requireBlock } from './commands.js';
import { checkContent } from './content.js';
import { type FrameworkContent, type FrameworkFileFormat, frameworkText } from './file-format.js';
import { readFrameworkFile } from './file-read.js';
import { writeFrameworkFile } from './file-write.js';
import { fail, invalid } from './reasons.js';
import type { ClassesSource, ImportQuery, ImportResponse } from './schemas.js';
import { getSummary, loadCriteria, storedBands } from './service.js';

/** Frameworks in and out as files (JSON, CSV, XLSX): the import all or nothing, the export that imports back. */

/** The class bands a framework gets when its file has none and no earlier revision of its year and block exists. */
export const DEFAULT_CLASSES: readonly ClassBand[] = [
  { label: 'Tốt', min: 90 },
  { label: 'Khá', min: 80 },
  { label: 'Trung bình', min: 70 },
  { label: 'Yếu', min: 0 },
];

/**
 * Imports a framework file as the next revision of its year and block, all or nothing: any unreadable value or
 * broken framework rule rejects the file with its rows (400 import_rejected) and nothing is written.
 * A JSON file's own year and block must agree with the options when both are given.
 */
export async function importFramework(db: Db, actor: Actor, buffer: Buffer, options: ImportQuery): Promise<ImportResponse> {
  const file = await readFrameworkFile(buffer, options.format);
  // The file's own year or block against the one imported into: the file's row says which, in both words.
  if (file.year !== null && options.year !== undefined && file.year !== options.year) {
    const params = { year: file.year, expected: options.year };
    const { column, row } = file.locateField('year');
    throw fail('framework_file_for_year', params, { rows: [{ row, ...(column ? { column } : {}), ...frameworkText('framework_file_year_mismatch', params) }] });
  }
  if (file.block !== null && options.block !== undefined && file.block !== normalizeCode(options.block)) {
    const params = { block: file.block, expected: normalizeCode(options.block) };
    const { column, row } = file.locateField('block');
    throw fail('framework_file_for_block', params, {
      rows: [{ row, ...(column ? { column } : {}), ...frameworkText('framework_file_block_mismatch', params) }],
    });
  }
  const year = options.year ?? file.year;
  const blockCode = options.block ?? file.block;
  if (year === null || blockCode === null) {
    const format = { format: file.format.toUpperCase() };
    if (blockCode !== null) throw invalid('year', 'framework_file_needs_year', format);
    if (year !== null) throw invalid('block', 'framework_file_needs_block', format);
    throw fail('framework_file_needs_year_block', format, {
      issues: [
        { path: 'year', ...frameworkText('framework_file_needs_year', format) },
        { path: 'block', ...frameworkText('framework_file_needs_block', format) },
      ],
    });
  }
  return inTransaction(db, async (tx) => {
    const block = await requireBlock(tx, blockCode, 'block');
    const [previous] = await tx
      .select({ name: frameworks.name, classes: frameworks.classes })
      .from(frameworks)
      .where(and(eq(frameworks.year, year), eq(frameworks.blockId, block.id)))
      .orderBy(desc(frameworks.revision))
      .limit(1);
    const classesSource: ClassesSource = file.classes ? 'file' : previous ? 'previous_revision' : 'default';
    const content: FrameworkContent = {
      name: options.name?.trim() || file.name || previous?.name || `Bộ tiêu chí Chỉ số CCHC ${block.code} năm ${year}`,
      classes: file.classes ?? (previous ? storedBands(previous.classes) : null) ?? DEFAULT_CLASSES.map((band) => ({ ...band })),
      criteria: file.criteria,
    };
    const { issues, appraiserIds } = await checkContent(tx, content);
    if (issues.length) {
      throw fail('framework_file_rejected', { count: issues.length }, { rows: issues.slice(0, 200).map((issue) => file.locate(issue)) });
    }
    const id = await insertFramework(tx, actor, { year, blockId: block.id, blockCode: block.code, content }, appraiserIds, { action: 'import' });
    return { framework: await getSummary(tx, id), classesSource };
  });
}

/** A framework as a file of the given format, and the file name to give it. */
export async function exportFramework(db: DbOrTx, id: number, format: FrameworkFileFormat): Promise<{ buffer: Buffer; filename: string }> {
  const summary = await getSummary(db, id);
  const list = await loadCriteria(db, id);
  const buffer = await writeFrameworkFile(
    { year: summary.year, block: summary.blockCode, name: summary.name, classes: summary.classes, criteria: list },
    format,
  );
  return { buffer, filename: `framework-${summary.blockCode}-${summary.year}-r${summary.revision}.${format}` };
}
