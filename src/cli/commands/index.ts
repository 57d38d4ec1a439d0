import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerImport } from './import.js';
import { registerMigrate } from './migrate.js';
import { registerResidents } from './residents.js';
import { registerRound } from './round.js';
import { registerStart } from './start.js';

/** Registers one sub-command (or a group) on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [registerStart, registerMigrate, registerImport, registerResidents, registerRound];
