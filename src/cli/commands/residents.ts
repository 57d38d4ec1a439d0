import { InputError, NotFoundError } from '../../errors.js';
import { normalisePhone } from '../../core/register/phone.js';
import { findCommunity } from '../../adapters/store/postgres/communities.js';
import { setDoNotCall } from '../../adapters/store/postgres/residents.js';
import { audit } from '../../adapters/store/postgres/audit.js';
import { maskPhone } from '../../util/mask.js';
import type { RegisterCommand } from './index.js';

export const registerResidents: RegisterCommand = (program, ctx) => {
  const residents = program.command('residents').description('the resident register');
  residents
    .command('dnc')
    .description('mark a household never to be called (do-not-call)')
    .argument('<phone>', 'the household\'s phone number')
    .option('--community <name>', 'only in this community (default: every community that has the number)')
    .option('--off', 'remove the do-not-call mark instead')
    .option('--json', 'print the result as JSON')
    .action(async (raw: string, opts: { community?: string; off?: boolean; json?: boolean }) => {
      const phone = normalisePhone(raw);
      if (!phone.ok) throw new InputError(`Cannot use phone number: ${phone.reason}.`, 'Give an 11-digit mobile or a landline with area code.');
      const { pool } = await ctx.db();
      let communityId: number | undefined;
      if (opts.community) {
        const c = await findCommunity(pool, opts.community);
        if (!c) throw new NotFoundError(`Community "${opts.community}" does not exist.`, 'Check the name with: tiwen round list');
        communityId = c.id;
      }
      const value = !opts.off;
      const communities = await setDoNotCall(pool, phone.e164, value, communityId);
      if (communities.length === 0) {
        throw new NotFoundError(`No household with number ${maskPhone(phone.e164)} is registered${opts.community ? ` in "${opts.community}"` : ''}.`, 'Import the register first, or check the number.');
      }
      await audit(pool, { actor: 'cli', action: value ? 'residents.dnc' : 'residents.dnc_off', entity: 'phone', entityId: maskPhone(phone.e164), detail: { communities } });
      if (opts.json) ctx.printJson({ phone: phone.e164, doNotCall: value, communities });
      else ctx.print(`${maskPhone(phone.e164)} ${value ? 'will not be called' : 'may be called again'} (${communities.join(', ')})`);
    });
};
