/**
 * The procedure catalogue's service, by operation: queries.ts (reads, the export), commands.ts (writes, each in one
 * transaction with its audit row), import.ts (the file import), stats.ts (the figures); rules.ts holds the checks
 * the writes share and policies.ts who reads what. Other modules read the catalogue through here.
 */
export { exportProcedures, getProcedure, listProcedures, procedureFacets, type ProcedureRef } from './queries.js';
export { createProcedure, deleteProcedure, updateProcedure } from './commands.js';
export { importProcedures } from './import.js';
// The formula criteria read the online counts through this module's service.
export { onlineProcedureCounts, procedureStatistics, statisticsTable } from './stats.js';
