import { addStaff, changePassword, disableStaff, staffList, type StaffView } from '../../app/accounts.js';
import { InputError } from '../../errors.js';
import { collect } from '../options.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';

/** The password from stdin: the first line, so `echo pw | tiwen staff add …` works. */
async function passwordFromStdin(ctx: CliContext, given: boolean | undefined): Promise<string> {
  if (!given) throw new InputError('The password must come from stdin.', 'Add --password-stdin and pipe the password in, e.g.: printf %s "$PW" | tiwen staff add … --password-stdin');
  const text = await ctx.readStdin();
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password) throw new InputError('No password on stdin.', 'Pipe the password in: printf %s "$PW" | tiwen staff … --password-stdin');
  return password;
}

function line(s: StaffView): string {
  const scope = s.role === 'admin' ? 'all communities' : s.role === 'staff' ? s.communities.join(', ') : `${s.communities.join(', ')}: ${s.grids.join(', ')}`;
  return `${s.username}\t${s.role}\t${scope}${s.disabled ? '\t(disabled)' : ''}${s.lockedUntil ? `\t(locked until ${s.lockedUntil})` : ''}`;
}

function usernameOf(arg: string | undefined, opt: string | undefined): string {
  const u = arg ?? opt;
  if (!u) throw new InputError('Which account?', 'Give the username: tiwen staff disable NAME (or --username NAME).');
  return u;
}

export const registerStaff: RegisterCommand = (program, ctx) => {
  const staff = program.command('staff').description('staff accounts of the web console (admin, staff, grid_worker)');
  staff
    .command('add')
    .description('create an account')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role>', 'admin | staff | grid_worker')
    .option('--community <name>', 'community of a staff account (repeat for several) or of a grid worker', collect)
    .option('--grid <g...>', 'grids of a grid worker (repeat or separate with commas)')
    .option('--display-name <name>', 'name shown in the console')
    .option('--password-stdin', 'read the password from stdin (required: passwords never go on the command line)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { username: string; role: string; community?: string[]; grid?: string[]; displayName?: string; passwordStdin?: boolean; json?: boolean }) => {
      const password = await passwordFromStdin(ctx, o.passwordStdin);
      const { pool } = await ctx.db();
      const grids = (o.grid ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
      const s = await addStaff(pool, { username: o.username, role: o.role, password, communities: o.community ?? [], grids, ...(o.displayName ? { displayName: o.displayName } : {}) });
      if (o.json) ctx.printJson(s);
      else ctx.print(`account created: ${line(s)}`);
    });
  staff
    .command('list')
    .description('list accounts')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      const { pool } = await ctx.db();
      const list = await staffList(pool);
      if (o.json) ctx.printJson({ staff: list });
      else if (list.length === 0) ctx.print('no accounts yet: tiwen staff add --username NAME --role admin --password-stdin');
      else for (const s of list) ctx.print(line(s));
    });
  staff
    .command('disable')
    .description('disable an account (its sessions end at their next request); --enable to undo')
    .argument('[username]')
    .option('--username <name>', 'the account')
    .option('--enable', 'enable the account again')
    .option('--json', 'print the result as JSON')
    .action(async (arg: string | undefined, o: { username?: string; enable?: boolean; json?: boolean }) => {
      const { pool } = await ctx.db();
      const s = await disableStaff(pool, usernameOf(arg, o.username), !o.enable);
      if (o.json) ctx.printJson(s);
      else ctx.print(`${s.username} ${s.disabled ? 'disabled' : 'enabled'}`);
    });
  staff
    .command('passwd')
    .description('set a new password (also lifts a login lock)')
    .argument('[username]')
    .option('--username <name>', 'the account')
    .option('--password-stdin', 'read the new password from stdin')
    .option('--json', 'print the result as JSON')
    .action(async (arg: string | undefined, o: { username?: string; passwordStdin?: boolean; json?: boolean }) => {
      const username = usernameOf(arg, o.username);
      const password = await passwordFromStdin(ctx, o.passwordStdin);
      const { pool } = await ctx.db();
      const s = await changePassword(pool, username, password);
      if (o.json) ctx.printJson(s);
      else ctx.print(`password of ${s.username} changed`);
    });
};
