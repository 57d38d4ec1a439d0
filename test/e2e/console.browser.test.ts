/// <reference lib="dom" />
/**
 * The staff console in a real Chromium: login, filtering, assigning, a visit on a
 * phone, correcting a result, exporting (the .xlsx opened and read), uploading a
 * register with a bad row, launching and pausing a round. Screenshots of the main
 * pages go to TIWEN_SCREENSHOTS (docs/screenshots for the README) or a temp folder.
 */
import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'puppeteer-core';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startServer, type Server } from '../../src/app/runtime.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { launchBrowser, login, newPage, screenshot, screenshotDir } from '../helpers/browser.js';
import { PASSWORD, seedConsole, type ConsoleFixture } from '../helpers/consoleFixture.js';
import { waitFor } from '../helpers/wait.js';

jest.setTimeout(120_000);
const tmp = tempDir();
let db: TestDatabase;
let server: Server;
let fx: ConsoleFixture;
let browser: Browser;
let shots: string;
let office: Page;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url }, tmp.dir);
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: 'tok', port: 0, host: '127.0.0.1' });
  fx = await seedConsole(db.pool);
  browser = await launchBrowser();
  shots = screenshotDir(`${tmp.dir}/screens`);
  office = await newPage(browser);
});
afterAll(async () => {
  await browser?.close();
  await server.close();
  await db.drop();
  tmp.cleanup();
});

const text = (page: Page, sel: string) => page.$eval(sel, (e) => (e as HTMLElement).innerText);

test('login lands on the dashboard of today', async () => {
  await office.goto(`${server.url}/follow-ups`);
  expect(office.url()).toContain('/login?next=%2Ffollow-ups');
  await login(office, server.url, 'office', 'wrong-password');
  expect(await text(office, '.msg.err')).toContain('用户名或密码错误');
  await login(office, server.url, 'office', PASSWORD);
  await office.goto(`${server.url}/`);
  expect(await text(office, 'h2')).toBe('今日概况');
  expect(await text(office, '#today')).toContain('一网格');
  await screenshot(office, shots, 'dashboard');
});

test('filtering the follow-ups by reason and by search', async () => {
  await office.goto(`${server.url}/follow-ups`);
  expect(await office.$$eval('#follow-ups tbody tr', (rows) => rows.length)).toBe(3);
  await office.select('select[name=reason]', 'fever');
  await Promise.all([office.waitForNavigation(), office.click('#filters button[type=submit]')]);
  expect(await office.$$eval('#follow-ups tbody tr', (rows) => rows.length)).toBe(1);
  // The hostile name is shown as text, not run.
  expect(await text(office, '#follow-ups tbody tr')).toContain('<script>alert(1)</script>');
  expect(await office.$$('#follow-ups img')).toHaveLength(0);
  await office.goto(`${server.url}/follow-ups?q=${encodeURIComponent('王五')}`);
  expect(await text(office, '#total')).toBe('共 1 项');
  await office.goto(`${server.url}/follow-ups`);
  await screenshot(office, shots, 'follow-ups');
});

test('assigning an item to the grid worker', async () => {
  await office.goto(`${server.url}/households/${fx.residents.unclearA}`);
  await office.select('form.assign select[name=assignee]', String((await db.pool.query(`SELECT id FROM staff_users WHERE username = 'gw_a'`)).rows[0].id));
  await office.type('form.assign input[name=note]', '请今天走访');
  await Promise.all([office.waitForNavigation(), office.click('form.assign button')]);
  expect(await text(office, '.msg.ok')).toContain('已分派');
  expect(await text(office, '.follow-up')).toContain('网格员小王');
});

test('a grid worker on a phone (390×844) sees only their grid and records a visit', async () => {
  const phone = await newPage(browser, { width: 390, height: 844 });
  await login(phone, server.url, 'gw_a', PASSWORD);
  expect(phone.url()).toMatch(/\/follow-ups$/);
  expect(await phone.$$eval('#follow-ups tbody tr', (rows) => rows.length)).toBe(2);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await screenshot(phone, shots, 'grid-worker-phone');
  const other = await phone.goto(`${server.url}/households/${fx.residents.unreachableB}`);
  expect(other?.status()).toBe(403);
  await phone.goto(`${server.url}/households/${fx.residents.unclearA}`);
  await phone.select('form.visit select[name=result]', 'nobody_home');
  await phone.type('form.visit input[name=note]', '敲门无人应答');
  await Promise.all([phone.waitForNavigation(), phone.click('form.visit button')]);
  expect(await text(phone, '.msg.ok')).toContain('已记录走访结果');
  await screenshot(phone, shots, 'grid-worker-visit');
  const row = (await db.pool.query('SELECT status, visit_result FROM follow_ups WHERE id = $1', [fx.followUps.unclearA])).rows[0];
  expect(row).toEqual({ status: 'visited', visit_result: 'nobody_home' });
  await phone.browserContext().close();
});

test('correcting a result on the household page', async () => {
  await office.goto(`${server.url}/households/${fx.residents.unclearA}`);
  await office.select('form.correct select[name=outcome]', 'no_fever');
  await office.type('form.correct input[name=note]', '录音里说的是没有');
  await Promise.all([office.waitForNavigation(), office.click('form.correct button')]);
  expect(await text(office, '.msg.ok')).toContain('结果已更正');
  expect(await text(office, '#register-entry')).toContain('无发烧');
  await screenshot(office, shots, 'household');
  const c = (await db.pool.query('SELECT original_outcome, corrected_outcome FROM corrections WHERE call_id = $1', [fx.calls.unclearA])).rows[0];
  expect(c).toEqual({ original_outcome: 'unclear', corrected_outcome: 'no_fever' });
});

test('exporting the round as .xlsx: the file opens and holds the rows', async () => {
  await office.goto(`${server.url}/rounds/${fx.roundId}`);
  const href = await office.$eval('a[href$=".xlsx"]', (a) => a.getAttribute('href')!);
  const b64 = await office.evaluate(async (url: string) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    let s = '';
    for (const x of bytes) s += String.fromCharCode(x);
    return btoa(s);
  }, href);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer);
  const a = wb.getWorksheet('一网格')!;
  expect(a.getRow(1).getCell(2).value).toBe('姓名');
  const rows = [2, 3].map((r) => [a.getRow(r).getCell(2).value, a.getRow(r).getCell(8).value]);
  expect(rows).toContainEqual(['李四', '无发烧']);
  expect(wb.getWorksheet('二网格')!.getRow(2).getCell(2).value).toBe('王五');
});

test('uploading a register with a bad row shows the line and imports nothing', async () => {
  const file = tmp.file('名单.csv', '姓名,电话,楼栋,网格\n孙七,13700001111,9号楼,三网格\n周八,1370000,9号楼,三网格\n');
  await office.goto(`${server.url}/register`);
  const input = await office.$('input[type=file]');
  await input!.uploadFile(file);
  await office.click('#upload button');
  await office.waitForSelector('#errors');
  expect(await text(office, '#errors')).toMatch(/3\s+\S*\s*.+/);
  expect(await text(office, '.msg.err')).toContain('未导入任何数据');
  await screenshot(office, shots, 'register-upload');
  expect((await db.pool.query(`SELECT count(*)::int AS n FROM residents WHERE name = '孙七'`)).rows[0].n).toBe(0);
});

test('launching a round and pausing it; the live view updates without a reload', async () => {
  await office.goto(`${server.url}/`);
  await office.select('#create-round select[name=community]', '幸福社区');
  await office.$eval('#create-round input[name=window]', (e) => ((e as HTMLInputElement).value = '00:00-24:00'));
  await Promise.all([office.waitForNavigation(), office.click('#create-round button[type=submit]')]);
  expect(office.url()).toMatch(/\/rounds\/\d+$/);
  expect(await text(office, '#round-status')).toBe('进行中');
  await office.waitForSelector('#live-cards');
  const first = await office.$eval('#live', (e) => (e as HTMLElement).dataset.updated);
  await waitFor(async () => (await office.$eval('#live', (e) => (e as HTMLElement).dataset.updated)) !== first, 'a second live update', 10_000);
  await screenshot(office, shots, 'round-live');
  await Promise.all([office.waitForNavigation(), office.click('button[data-cmd=pause]')]);
  expect(await text(office, '#round-status')).toBe('已暂停');
  const id = Number(/\/rounds\/(\d+)/.exec(office.url())![1]);
  expect((await db.pool.query('SELECT status FROM rounds WHERE id = $1', [id])).rows[0].status).toBe('paused');
});
