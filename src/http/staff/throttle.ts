/**
 * Failed logins per client address, so that guessing across many usernames (each
 * below its account's lockout) is slowed too. In memory, per process: a bound, not an
 * audit; the account lockout in the database is the one shared by every instance.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  /**
   * @param limit failed logins an address may have within `windowMs`
   * @param windowMs the window, counted from the address's first failure in it
   * @param maxAddresses addresses remembered at most (oldest forgotten first), so memory stays bounded
   */
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 15 * 60_000,
    private readonly maxAddresses = 10_000,
  ) {}

  private entry(address: string, now: number) {
    const e = this.failures.get(address);
    if (e && now - e.since >= this.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return e;
  }

  /** True when the address has used up its failed logins for now. */
  blocked(address: string, now = Date.now()): boolean {
    return (this.entry(address, now)?.count ?? 0) >= this.limit;
  }

  fail(address: string, now = Date.now()): void {
    const e = this.entry(address, now);
    if (e) e.count += 1;
    else {
      if (this.failures.size >= this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
      this.failures.set(address, { count: 1, since: now });
    }
  }
}
