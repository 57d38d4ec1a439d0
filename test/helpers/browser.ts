/// <reference lib="dom" />
/**
 * A real Chromium for the console's browser tests, from npm alone: puppeteer-core
 * drives the binary that @sparticuz/chromium carries. The machine may have no Chinese
 * font, so pages get Noto Sans SC (@fontsource/noto-sans-sc) through request
 * interception from a fake https origin (allowed by the console's CSP like any https font).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { packageRoot } from '../../src/util/paths.js';

const FONT_ORIGIN = 'https://fonts.tiwen.test/';
const FONT_DIR = path.join(packageRoot(), 'node_modules', '@fontsource', 'noto-sans-sc');

export async function launchBrowser(): Promise<Browser> {
  // Lambda-oriented flags off: one process cannot hold several browser contexts, and the
  // console's same-origin and CSP behaviour should be what a staff member's browser does.
  const drop = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);
  const args = chromium.args.filter((a) => !drop.has(a));
  for (const flag of ['--disable-background-networking', '--disable-component-update', '--no-first-run']) if (!args.includes(flag)) args.push(flag);
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

export async function newPage(browser: Browser, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  page.setDefaultTimeout(20_000);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(FONT_ORIGIN)) return void req.continue();
    const file = path.join(FONT_DIR, url.slice(FONT_ORIGIN.length).split('?')[0]!);
    if (!file.startsWith(FONT_DIR) || !existsSync(file)) return void req.respond({ status: 404, body: '' });
    void req.respond({ status: 200, contentType: file.endsWith('.css') ? 'text/css' : 'font/woff2', headers: { 'access-control-allow-origin': '*' }, body: readFileSync(file) });
  });
  await page.evaluateOnNewDocument((href: string) => {
    document.addEventListener('DOMContentLoaded', () => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.append(link);
    });
  }, `${FONT_ORIGIN}400.css`);
  return page;
}

/** Where screenshots go: TIWEN_SCREENSHOTS (e.g. docs/screenshots) or a folder under the OS temp dir. */
export function screenshotDir(fallback: string): string {
  const dir = process.env.TIWEN_SCREENSHOTS ? path.resolve(packageRoot(), process.env.TIWEN_SCREENSHOTS) : fallback;
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export async function login(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.type('input[name=username]', username);
  await page.type('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
