import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerClassify } from './classify.js';
import { registerImport } from './import.js';
import { registerMigrate } from './migrate.js';
import { registerResidents } from './residents.js';
import { registerRound } from './round.js';
import { registerDemo } from './demo.js';
import { registerServe } from './serve.js';
import { registerBench } from './bench.js';
import { registerSim } from './sim.js';
import { registerStaff } from './staff.js';
import { registerCorrections } from './corrections.js';
import { registerRecordings } from './recordings.js';
import { registerDoctor } from './doctor.js';

/** Registers one sub-command (or a group) on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [registerDemo, registerServe, registerBench, registerMigrate, registerImport, registerResidents, registerRound, registerSim, registerClassify, registerStaff, registerCorrections, registerRecordings, registerDoctor];
