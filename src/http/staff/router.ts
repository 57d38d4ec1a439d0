/**
 * The staff side: login, pages and /api, all behind a session. Kept apart from the
 * carrier webhooks (src/http/webhooks.ts, on node:http, no login). Pages and API
 * call use cases in src/app only.
 */
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type pg from 'pg';
import type { Config } from '../../config.js';
import { ForbiddenError, InputError, TiwenError, toError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Scope } from '../../app/accounts.js';
import { changeRound } from '../../app/rounds.js';
import type { RoundCommand } from '../../core/policy/roundLifecycle.js';
import { checkRound, createRoundInScope, liveRound, scopeCommunities, today, visibleRounds } from '../../app/dashboard.js';
import { assignableWorkers, assignFollowUp, bulkAssignGrid, closeFollowUp, listFollowUpPage, recordVisit, reopenFollowUp } from '../../app/followUps.js';
import type { PlayRecording } from '../../app/recordings.js';
import { callAgainNow, correctResult, fixPhone, householdView, recordingAccess, setHouseholdDoNotCall } from '../../app/households.js';
import { exportTable, type ExportFormat } from '../../app/exports.js';
import { uploadRegister } from '../../app/registerUpload.js';
import type { ImportReport } from '../../app/importResidents.js';
import { roundStatus } from '../../app/rounds.js';
import { html, type Html } from '../html.js';
import { csrfCheck, csrfToken, loginRoutes, requireLogin, sessionMiddleware } from './auth.js';
import { CONSOLE_JS } from './script.js';
import { page } from './views/layout.js';
import { dashboardBody, roundBody } from './views/overview.js';
import { followUpsBody, type ListQuery } from './views/followUps.js';
import { householdBody } from './views/household.js';
import { registerBody } from './register.js';
import { phoneForList } from './views/labels.js';

declare module 'express-session' {
  interface SessionData {
    notice?: { ok: boolean; text: string };
    report?: ImportReport;
  }
}

/** Streams a turn's recording (fetched from the carrier, audited under `actor`); null when there is none. */
export type RecordingSource = PlayRecording;

export interface StaffOptions {
  pool: pg.Pool;
  logger: Logger;
  config: Config;
  sessionSecret?: string;
  recordings?: RecordingSource;
  /** The Prometheus text, for an admin's session (scrapers use the bearer token in app.ts). */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

type Handler = (req: Request, res: Response, scope: Scope) => Promise<void>;

/** Wraps a handler: the scope is there (requireLogin ran), errors go to the handlers below. */
function h(fn: Handler) {
  return (req: Request, res: Response, next: NextFunction) => fn(req, res, req.scope!).catch(next);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function idParam(req: Request, name = 'id'): number {
  const raw = String(req.params[name] ?? '');
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0) throw new InputError(`“${raw}”不是有效的编号。`, '编号是正整数。');
  return n;
}

function body(req: Request): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

function render(req: Request, res: Response, title: string, content: Html, status = 200): void {
  const notice = req.session.notice ?? null;
  delete req.session.notice;
  res.status(status).type('html').send(page({ title, scope: req.scope ?? null, csrf: csrfToken(req), body: content, notice, scripts: ['/static/console.js'] }).value);
}

/** After a form post: back to where the form was, with a notice. */
function back(req: Request, res: Response, text: string, to?: string): void {
  req.session.notice = { ok: true, text };
  const ref = req.get('referer');
  let local: URL | null = null;
  try {
    // Only a page of this site: the Referer's origin must be the request's.
    if (ref && new URL(ref).host === req.get('host')) local = new URL(ref);
  } catch {
    local = null;
  }
  const target = to ?? (local ? local.pathname + local.search : '/');
  // Saved before the redirect leaves: express-session saves while the response ends, and a
  // browser may already follow the 303 and read the session before the notice is in it.
  req.session.save(() => res.redirect(303, target));
}

function listQuery(q: Record<string, unknown>): ListQuery {
  const out: ListQuery = {};
  for (const k of ['round', 'reason', 'status', 'grid', 'date', 'q'] as const) {
    const v = str(q[k]);
    if (v) out[k] = v;
  }
  return out;
}

function positive(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new InputError(`${what}“${v}”不是数字。`, `${what}应为整数。`);
  return Number(v);
}

function filterOf(q: ListQuery) {
  const roundId = positive(q.round, '轮次');
  const gridId = positive(q.grid, '网格');
  return { ...(roundId ? { roundId } : {}), ...(gridId ? { gridId } : {}), ...(q.reason ? { reason: q.reason } : {}), ...(q.status ? { status: q.status } : {}), ...(q.date ? { date: q.date } : {}), ...(q.q ? { q: q.q } : {}) };
}

const HEADLINE: Record<number, string> = { 400: '输入有误', 403: '无权访问', 404: '未找到', 409: '当前状态不允许此操作', 429: '操作过于频繁' };

export function staffRouter(o: StaffOptions): Router {
  const { pool, config } = o;
  const router = express.Router();
  const recordings: RecordingSource = o.recordings ?? (async () => null);
  router.use(sessionMiddleware({ pool, secret: o.sessionSecret ?? randomBytes(32).toString('hex'), maxAgeHours: config.console.sessionHours }));
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));
  router.use(express.json({ limit: '100kb' }));
  router.use(express.raw({ type: 'application/octet-stream', limit: '20mb' }));
  router.use(csrfCheck);
  router.get('/static/console.js', (_req, res) => void res.type('application/javascript').set('cache-control', 'no-cache').send(CONSOLE_JS));
  router.use(loginRoutes(pool));
  router.use(requireLogin(pool));

  // ---- pages ----
  router.get('/', h(async (req, res, scope) => {
    if (scope.role === 'grid_worker') return res.redirect(303, '/follow-ups');
    const [t, rounds, communities] = await Promise.all([today(pool, scope), visibleRounds(pool, scope), scopeCommunities(pool, scope)]);
    const d = { window: config.round.defaultWindow, maxAttempts: config.round.defaultMaxAttempts, cps: config.dialer.defaultCps, lines: config.dialer.defaultLines };
    render(req, res, '今日概况', dashboardBody({ today: t, rounds, communities, csrf: csrfToken(req), defaults: d }));
  }));
  router.get('/rounds', (_req, res) => res.redirect(303, '/'));
  router.get('/rounds/:id', h(async (req, res, scope) => {
    const id = idParam(req);
    await checkRound(pool, scope, id);
    const s = await roundStatus(pool, id);
    render(req, res, `第 ${id} 轮`, roundBody({ id, community: s.community, status: s.status, csrf: csrfToken(req) }));
  }));
  router.post('/rounds', h(async (req, res, scope) => {
    const b = body(req);
    const community = str(b.community) ?? '';
    const grids = (Array.isArray(b.grids) ? b.grids : b.grids ? [b.grids] : []).map(String);
    const num = (v: unknown) => (str(v) === undefined ? undefined : Number(v));
    const r = await createRoundInScope(pool, config, scope, { community, grids, ...(str(b.window) ? { window: str(b.window)! } : {}), ...(num(b.maxAttempts) !== undefined ? { maxAttempts: num(b.maxAttempts)! } : {}), ...(num(b.cps) !== undefined ? { cps: num(b.cps)! } : {}), ...(num(b.lines) !== undefined ? { lines: num(b.lines)! } : {}) });
    if (b.start === '1') await changeRound(pool, r.id, 'start', scope.username);
    back(req, res, `已创建第 ${r.id} 轮(${r.households} 户)${b.start === '1' ? ',已开始拨打' : ''}。`, `/rounds/${r.id}`);
  }));
  router.post('/rounds/:id/:cmd', h(async (req, res, scope) => {
    const id = idParam(req);
    const cmd = String(req.params.cmd);
    if (!['start', 'pause', 'resume', 'cancel'].includes(cmd)) throw new InputError(`未知的操作“${cmd}”。`);
    await checkRound(pool, scope, id);
    await changeRound(pool, id, cmd as RoundCommand, scope.username);
    back(req, res, { start: '已开始', pause: '已暂停', resume: '已继续', cancel: '已取消' }[cmd]!, `/rounds/${id}`);
  }));

  router.get('/follow-ups', h(async (req, res, scope) => {
    const q = listQuery(req.query as Record<string, unknown>);
    const pageNo = positive(str(req.query.page), '页码') ?? 1;
    const result = await listFollowUpPage(pool, scope, { ...filterOf(q), page: pageNo, perPage: 50 });
    const communities = await scopeCommunities(pool, scope);
    const grids = communities.flatMap((c) => c.grids.map((g) => ({ id: g.id, name: g.name, community: c.name, communityId: c.id })));
    const workers = scope.role === 'grid_worker' ? [] : await assignableWorkers(pool, grids.map((g) => g.id));
    render(req, res, '待跟进', followUpsBody({ scope, csrf: csrfToken(req), query: q, result, grids, workers }));
  }));
  router.post('/follow-ups/bulk-assign', h(async (req, res, scope) => {
    const b = body(req);
    const gridId = positive(str(b.grid), '网格');
    const communityId = positive(str(b.community), '社区');
    if (!gridId || !communityId) throw new InputError('请先选择网格。', '在筛选条件中选择一个网格。');
    const roundId = positive(str(b.round), '轮次');
    const assigneeId = positive(str(b.assignee), '负责人');
    const r = await bulkAssignGrid(pool, scope, { gridId, communityId, ...(assigneeId ? { assigneeId } : {}), due: str(b.due) ?? null, ...(roundId ? { roundId } : {}) });
    back(req, res, `已把 ${r.assigned} 项分派给 ${r.assignee}。`);
  }));
  router.post('/follow-ups/:id/:action', h(async (req, res, scope) => {
    const id = idParam(req);
    const b = body(req);
    const note = str(b.note);
    switch (req.params.action) {
      case 'assign': {
        const assigneeId = positive(str(b.assignee), '负责人');
        if (!assigneeId) throw new InputError('请选择分派给谁。');
        await assignFollowUp(pool, scope, id, { assigneeId, due: str(b.due) ?? null, ...(note ? { note } : {}) });
        return back(req, res, '已分派。');
      }
      case 'visit':
        await recordVisit(pool, scope, id, { result: str(b.result) ?? '', ...(note ? { note } : {}) });
        return back(req, res, '已记录走访结果。');
      case 'close':
        await closeFollowUp(pool, scope, id, note);
        return back(req, res, '已关闭。');
      case 'reopen':
        await reopenFollowUp(pool, scope, id, note);
        return back(req, res, '已重新打开。');
      default:
        throw new InputError(`未知的操作“${String(req.params.action)}”。`);
    }
  }));

  router.get('/households/:id', h(async (req, res, scope) => {
    const v = await householdView(pool, scope, idParam(req));
    const workers = scope.role === 'grid_worker' || v.household.grid_id === null ? [] : await assignableWorkers(pool, [v.household.grid_id]);
    render(req, res, v.household.name || '住户', householdBody({ scope, csrf: csrfToken(req), v, workers }));
  }));
  router.post('/households/:id/dnc', h(async (req, res, scope) => {
    const value = body(req).value !== '0';
    await setHouseholdDoNotCall(pool, scope, idParam(req), value);
    back(req, res, value ? '已设为免打扰。' : '已取消免打扰。');
  }));
  router.post('/households/:id/phone', h(async (req, res, scope) => {
    const r = await fixPhone(pool, scope, idParam(req), str(body(req).phone) ?? '');
    back(req, res, `号码已更正为 ${phoneForList(scope, r.phone)}。`);
  }));
  router.post('/calls/:id/correct', h(async (req, res, scope) => {
    const b = body(req);
    const t = str(b.temperature);
    const temperatureC = t === undefined ? null : Number(t);
    const note = str(b.note);
    await correctResult(pool, scope, idParam(req), { outcome: str(b.outcome) ?? '', temperatureC, ...(note ? { note } : {}) });
    back(req, res, '结果已更正(原始识别结果已保留)。');
  }));
  router.post('/calls/:id/call-again', h(async (req, res, scope) => {
    const r = await callAgainNow(pool, scope, idParam(req));
    back(req, res, `已加入第 ${r.roundId} 轮的拨打队列,将在拨打时段内尽快重拨。`);
  }));
  router.get('/recordings/:turnId', h(async (req, res, scope) => {
    const turnId = idParam(req, 'turnId');
    await recordingAccess(pool, scope, turnId);
    const rec = await recordings(turnId, scope.username);
    if (!rec) return void res.status(404).type('text').send('no recording');
    res.type(rec.contentType);
    rec.body.on('error', () => res.destroy());
    rec.body.pipe(res);
  }));

  router.get('/register', h(async (req, res, scope) => {
    const communities = (await scopeCommunities(pool, scope)).map((c) => c.name);
    if (scope.role === 'grid_worker') return res.redirect(303, '/follow-ups');
    const report = req.session.report ?? null;
    delete req.session.report;
    render(req, res, '导入名单', registerBody({ csrf: csrfToken(req), communities, report }));
  }));
  router.post('/register', h(async (req, res, scope) => {
    // No file (or a form instead of the file's bytes) is refused by uploadRegister after its scope check.
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const report = await uploadRegister(pool, scope, { community: str(req.query.community) ?? '', fileName: str(req.query.name) ?? 'register.csv', bytes, timezone: config.round.defaultTimezone });
    // At most 200 line errors are kept for the page (the session is not a file store).
    req.session.report = { ...report, errors: report.errors.slice(0, 200) };
    // The page script loads /register as soon as this answer's headers arrive: save first.
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(toError(err)) : resolve())));
    res.status(303).location('/register').json(report);
  }));

  router.get(['/exports/rounds/:id.xlsx', '/exports/rounds/:id.csv'], h(async (req, res, scope) => {
    const format: ExportFormat = req.path.endsWith('.csv') ? 'csv' : 'xlsx';
    const x = await exportTable(pool, scope, { kind: 'round', roundId: idParam(req) }, format);
    res.type(x.contentType).attachment(x.fileName).send(x.body);
  }));
  router.get(['/exports/follow-ups.xlsx', '/exports/follow-ups.csv'], h(async (req, res, scope) => {
    const format: ExportFormat = req.path.endsWith('.csv') ? 'csv' : 'xlsx';
    const x = await exportTable(pool, scope, { kind: 'follow_ups', filter: filterOf(listQuery(req.query as Record<string, unknown>)) }, format);
    res.type(x.contentType).attachment(x.fileName).send(x.body);
  }));

  router.get('/metrics', h(async (_req, res, scope) => {
    if (scope.role !== 'admin' || !o.metrics) throw new ForbiddenError('Metrics are for administrators.', 'Log in as an admin, or scrape with Authorization: Bearer $TIWEN_METRICS_TOKEN.');
    const m = await o.metrics();
    res.type(m.contentType).send(m.body);
  }));

  // ---- API ----
  router.get('/api/rounds', h(async (_req, res, scope) => void res.json({ rounds: await visibleRounds(pool, scope) })));
  router.get('/api/rounds/:id', h(async (req, res, scope) => {
    const id = idParam(req);
    await checkRound(pool, scope, id);
    res.json(await roundStatus(pool, id));
  }));
  router.get('/api/rounds/:id/live', h(async (req, res, scope) => void res.json(await liveRound(pool, scope, idParam(req)))));
  router.get(['/api/follow-ups', '/api/rounds/:id/follow-ups'], h(async (req, res, scope) => {
    const q = listQuery(req.query as Record<string, unknown>);
    if (req.params.id) q.round = String(idParam(req));
    if (req.params.id) await checkRound(pool, scope, Number(q.round));
    const r = await listFollowUpPage(pool, scope, { ...filterOf(q), page: positive(str(req.query.page), '页码') ?? 1, perPage: positive(str(req.query.per_page), '每页条数') ?? 50 });
    res.json({ ...r, items: r.items.map((f) => ({ ...f, phone: phoneForList(scope, f.phone) })) });
  }));
  router.post('/api/follow-ups/:id/visit', h(async (req, res, scope) => {
    const b = body(req);
    await recordVisit(pool, scope, idParam(req), { result: str(b.result) ?? '', ...(str(b.note) ? { note: str(b.note)! } : {}) });
    res.json({ ok: true });
  }));
  router.get('/api/me', h(async (_req, res, scope) => void res.json({ username: scope.username, role: scope.role, communityIds: scope.communityIds, gridIds: scope.gridIds })));

  router.use((req, res) => {
    if (req.path.startsWith('/api/')) return void res.status(404).json({ error: `No API route ${req.method} ${req.path}.`, hint: 'See the README (The staff console) for the API routes.' });
    render(req, res, '未找到', html`<div class="msg err"><b>未找到</b>:没有这个页面。</div><p><a href="/">返回首页</a></p>`, 404);
  });

  // Pages get an HTML error page; /api keeps the JSON answers of src/http/errors.ts.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') || res.headersSent) return next(err);
    const e = toError(err);
    const status = e instanceof TiwenError ? e.status : 500;
    if (status >= 500) return next(err);
    render(req, res, '出错了', html`<div class="msg err"><b>${HEADLINE[status] ?? '操作未完成'}</b>:${e.message}${e instanceof TiwenError && e.hint ? html`<br>${e.hint}` : ''}</div><p><a href="/">返回首页</a></p>`, status);
  });
  return router;
}
