/**
 * The `tiwen` command: commander sub-commands, one module each under ./commands.
 * Errors end up here: a TiwenError prints its message and hint (exit 1); anything
 * else is a bug and prints its stack (exit 70).
 */
import { Command, CommanderError } from 'commander';
import { TiwenError, toError } from '../errors.js';
import { maskPhonesInText } from '../util/mask.js';
import { createCliContext, type CliContext } from './context.js';
import { commands } from './commands/index.js';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('tiwen')
    .description('体温 tiwen — automated telephone fever screening for community offices')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program, ctx);
  return program;
}

export async function run(argv: string[], ctx: CliContext = createCliContext()): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const e = toError(err);
    if (e instanceof TiwenError) {
      process.stderr.write(`tiwen: ${maskPhonesInText(e.message)}\n${e.hint ? `  fix: ${e.hint}\n` : ''}`);
      return 1;
    }
    process.stderr.write(`tiwen: unexpected error: ${e.stack ?? e.message}\n`);
    return 70;
  } finally {
    await ctx.close();
  }
}
