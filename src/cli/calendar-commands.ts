import type { Command } from 'commander';
import type { CliHelpers } from './helpers.js';

// Placeholder wired in main.ts; replaced by the real commands.
export function addCalendarCommands(_importCommand: Command, _exportCommand: Command, _reportCommand: Command, _h: CliHelpers) {}
