/**
 * The units module's service, split by operation: reads in queries.ts, writes in commands.ts, the units file in
 * import.ts. Other modules import from here.
 */
export { findUnitIdByCode, getUnitDetail, listUnits, unitCodesById } from './queries.js';
export { createUnit, mergeUnits, removeMembership, splitUnit, updateUnit } from './commands.js';
export { exportUnits, importUnits, UNIT_FILE_COLUMNS } from './import.js';
