/** The streaming CSV splitter moved to src/io/csv.ts (shared by every import); kept here for the dossier code. */
export { CsvSplitter, CsvSyntaxError } from '../../io/csv.js';
