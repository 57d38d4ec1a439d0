import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Registers one sub-command (or a group) on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [];
