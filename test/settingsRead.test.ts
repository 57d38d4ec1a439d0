/**
 * No setting without a reader: every documented setting (SETTINGS, the README's
 * configuration table) is read somewhere in src/ besides config.ts. A setting is read
 * when its path appears as a property access (`config.speech.stt`, `.dialer.leaseSeconds`),
 * or when its group is taken whole (`config.twilio`, `...config.retry`) and its own name
 * is read as a property where the group goes (`t.accountSid`, `policy.busySeconds`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../src/config.js';
import { packageRoot } from '../src/util/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const src = path.join(packageRoot(), 'src');
const configFile = path.join(src, 'config.ts');
// config.ts declares, defaults and validates every setting; only its helpers after the loader read them.
const configHelpers = readFileSync(configFile, 'utf8').split('export function recordingsOn')[1] ?? '';
const code = sources(src)
  .filter((f) => f !== configFile)
  .map((f) => readFileSync(f, 'utf8'))
  .concat(configHelpers)
  .join('\n');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `dotted` is read by the program (see the file comment). */
function isRead(dotted: string): boolean {
  if (new RegExp(`\\.${escape(dotted)}\\b`).test(code)) return true;
  const parts = dotted.split('.');
  if (parts.length < 2) return false;
  const group = parts.slice(0, -1).join('.');
  const leaf = parts[parts.length - 1]!;
  // the group taken whole: `config.twilio;`, `...config.retry`, `= o.config.google`
  const groupWhole = new RegExp(`\\.${escape(group)}(?![\\w.])`).test(code);
  return groupWhole && new RegExp(`\\.${escape(leaf)}\\b`).test(code);
}

describe('settings', () => {
  test.each(SETTINGS.map((s) => [s.env, s.path]))('%s (%s) is read by the program', (_env, dotted) => {
    expect(isRead(dotted)).toBe(true);
  });

  test('the check itself fails for a setting nothing reads', () => {
    expect(isRead('speech.notReadAnywhere')).toBe(false);
    expect(isRead('nothingAtAll')).toBe(false);
  });
});
