/** A tiny HTTP client of the staff console for route tests: cookie jar, CSRF token, login. */
export interface ConsoleClient {
  base: string;
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, form: Record<string, string | string[]>, o?: { csrf?: boolean }): Promise<Response>;
  send(path: string, init: RequestInit): Promise<Response>;
}

function updateCookie(c: ConsoleClient, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const m = /^(tiwen\.sid=[^;]*)/.exec(line);
    if (m) c.cookie = m[1]!;
  }
}

/** The CSRF token in a page (hidden _csrf field or the meta tag). */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in the page');
  return m[1]!;
}

export function consoleClient(base: string): ConsoleClient {
  const c: ConsoleClient = {
    base,
    cookie: '',
    csrf: '',
    send: async (path, init) => {
      const res = await fetch(base + path, { redirect: 'manual', ...init, headers: { ...(c.cookie ? { cookie: c.cookie } : {}), ...(init.headers as Record<string, string>) } });
      updateCookie(c, res);
      return res;
    },
    get: (path, headers = {}) => c.send(path, { headers }),
    post: (path, form, o = {}) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      if (o.csrf !== false) p.set('_csrf', c.csrf);
      return c.send(path, { method: 'POST', body: p.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    },
  };
  return c;
}

/** Logs in through the login form; returns the client with its session and token. */
export async function loginAs(base: string, username: string, password: string): Promise<ConsoleClient> {
  const c = consoleClient(base);
  const page = await c.get('/login');
  c.csrf = csrfOf(await page.text());
  const res = await c.post('/login', { username, password });
  if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
  // The session id changes at login; the token stays the one of the session.
  const home = await c.get('/follow-ups');
  c.csrf = csrfOf(await home.text());
  return c;
}
