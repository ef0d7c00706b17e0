export { createEntry, deleteEntry, updateEntry } from './commands.js';
export { registerFiguresByUnit } from './figures.js';
export { exportRegister, importRegister } from './import.js';
export { listRegisters } from './queries.js';
