// Units, blocks and the health check live in features/units, features/blocks and features/system; re-exported
// here for the pages that still import them from this file.
export { useUnits, type UnitListParams } from '../features/units/api';
export { useBlocks } from '../features/blocks/api';
export { useHealth, type Health } from '../features/system/api';
