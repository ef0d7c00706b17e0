/**
 * The working-day calendar's service, by operation: queries.ts (reads, the export), commands.ts (writes, each in
 * one transaction with its audit rows), import.ts (the file import). Other modules read the calendar through here.
 */
export { exportCalendar, getCalendarYear, loadWorkingCalendar } from './queries.js';
export { confirmMovableHolidays, deleteDays, setDays, setUpYear, updateDay } from './commands.js';
export { importCalendar } from './import.js';
