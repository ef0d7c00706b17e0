import { detectFrameworkFormat, type FrameworkFileFormat, frameworkText, type ParsedFrameworkFile } from './file-format.js';
import { readJson } from './file-json.js';
import { readTabular } from './file-table.js';
import { fail } from './reasons.js';

/** Reads a framework file; any value that cannot be read rejects the file (400 import_rejected with rows). */
export async function readFrameworkFile(buffer: Buffer, format?: FrameworkFileFormat): Promise<ParsedFrameworkFile> {
  if (buffer.length === 0) throw fail('framework_file_empty', undefined, { rows: [{ row: 1, ...frameworkText('framework_file_empty_row') }] });
  const actual = format ?? detectFrameworkFormat(buffer);
  return actual === 'json' ? readJson(buffer) : readTabular(buffer, actual);
}
