/**
 * `tiwen classify`: run the answer classifier on transcripts (one per stdin line, or
 * --text), or score it on a labelled JSON-lines file with --eval. No database.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import type { RegisterCommand } from './index.js';
import { ANSWER_LABELS, classify, SYMPTOMS } from '../../core/classifier/index.js';
import type { Classification, ClassifyInput, PromptKind } from '../../core/classifier/index.js';
import { evaluate } from '../../core/classifier/evaluate.js';
import type { ConfusionMatrix, EvaluationReport, LabelledItem } from '../../core/classifier/evaluate.js';
import { InputError, toError } from '../../errors.js';

/** One output line of `tiwen classify`. */
export interface ClassifiedLine extends Classification {
  text: string;
}

export interface ClassifyOptions {
  prompt?: PromptKind;
  confidence?: number;
  digits?: string;
}

/** Classifies each line; the output keeps the input order. */
export function classifyLines(lines: readonly string[], options: ClassifyOptions = {}): ClassifiedLine[] {
  return lines.map((text) => {
    const input: ClassifyInput = { text, prompt: options.prompt, confidence: options.confidence, digits: options.digits };
    const c = classify(input);
    return { text, label: c.label, temperatureC: c.temperatureC, symptoms: c.symptoms, confidence: c.confidence, rule: c.rule };
  });
}

/** Splits input into lines; a final newline does not add an empty line. */
export function splitLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const itemSchema = z.object({
  text: z.string(),
  accept: z.array(z.enum(ANSWER_LABELS as [string, ...string[]])).min(1),
  temperature: z.number().nullable().optional(),
  symptoms: z.array(z.enum(SYMPTOMS as [string, ...string[]])).optional(),
  prompt: z.enum(['fever', 'temperature', 'keypad']).optional(),
  confidence: z.number().min(0).max(1).optional(),
  digits: z.string().optional(),
});

const LINE_HINT = 'each line must be one JSON object such as {"text":"没有","accept":["no_fever"],"temperature":null,"symptoms":[]} (see datasets/README.md)';

/** Parses a labelled JSON-lines file; blank lines are skipped. Throws InputError naming file and line. */
export function parseLabelledLines(content: string, file: string): LabelledItem[] {
  const items: LabelledItem[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new InputError(`${where}: line ${i + 1} is not valid JSON (${toError(err).message})`, `fix or remove line ${i + 1}; ${LINE_HINT}`);
    }
    const parsed = itemSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      throw new InputError(`${where}: line ${i + 1} has a missing or invalid "${field}" (${issue?.message ?? 'invalid'})`, `fix line ${i + 1}; ${LINE_HINT}`);
    }
    items.push({ ...(parsed.data as Omit<LabelledItem, 'line'>), line: i + 1 });
  }
  return items;
}

/** Terminal width of a string: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

function clip(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > max - 1) return out + '…';
    out += ch;
  }
  return out;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report as readable lines: the figures, then a table of misses. */
export function formatReport(report: EvaluationReport): string[] {
  const out = [
    `items                 ${report.items}`,
    `accuracy              ${percent(report.accuracy)}`,
    `missed fevers         ${report.missed_fevers}`,
    `temperature accuracy  ${percent(report.temperature_accuracy)}`,
    `symptom recall        ${percent(report.symptom_recall)}`,
    `temperature or none   ${percent(report.temperature_exact_or_none)}`,
    `reported fever closed ${report.reported_fever_closed}`,
    '',
    ...formatConfusion(report.confusion),
  ];
  if (report.misses.length === 0) return [...out, '', 'misses                none'];
  const rows = report.misses.map((m) => [m.kind, String(m.line ?? ''), clip(JSON.stringify(m.text), 40), m.expected, m.got, m.rule]);
  const header = ['kind', 'line', 'text', 'expected', 'got', 'rule'];
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const render = (r: string[]) => r.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  return [...out, '', `misses (${report.misses.length}):`, render(header), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)];
}

/** The confusion matrix as a table: a row per expected label (first accepted), a column per label given. */
export function formatConfusion(m: ConfusionMatrix): string[] {
  const labels = ANSWER_LABELS.filter((l) => ANSWER_LABELS.some((g) => m[l][g] > 0 || m[g][l] > 0));
  if (labels.length === 0) return ['confusion (expected \\ got): nothing scored'];
  const head = ['expected \\ got', ...labels];
  const rows = labels.map((e) => [e, ...labels.map((g) => String(m[e][g]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return ['confusion (rows: expected, first accepted label; columns: label given):', render(head), ...rows.map(render)];
}

function confidenceOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`confidence must be a number from 0 to 1 (got "${value}").`);
  return n;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/** A clock for the classification: wall time and this process's CPU time. */
function startClock(): { wallMs: number; cpu: NodeJS.CpuUsage } {
  return { wallMs: performance.now(), cpu: process.cpuUsage() };
}

/**
 * Reports the speed: answers per second of wall time, and per second of CPU time (one
 * core: on a shared machine the wall clock also counts the time other processes ran).
 */
function reportTime(count: number, started: { wallMs: number; cpu: NodeJS.CpuUsage }, stderr: NodeJS.WritableStream): void {
  const ms = performance.now() - started.wallMs;
  const cpu = process.cpuUsage(started.cpu);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rate = (per: number) => Math.round((count / per) * 1000).toLocaleString('en-US');
  const rates = ms > 0 && cpuMs > 0 ? ` (${rate(ms)} answers/s; ${rate(cpuMs)} per CPU second)` : '';
  stderr.write(`classified ${count} lines in ${Math.round(ms)} ms${rates}\n`);
}

interface CommandOptions extends ClassifyOptions {
  text?: string;
  eval?: string;
  json?: boolean;
}

/** Builds the command with its input and diagnostics streams (tests pass their own). */
export function makeRegisterClassify(io: { stdin: NodeJS.ReadableStream; stderr: NodeJS.WritableStream }): RegisterCommand {
  return (program, ctx) => {
    program
      .command('classify')
      .description('classify answers (one transcript per stdin line, or --text), or score the classifier with --eval')
      .option('--text <text>', 'classify this one transcript instead of reading stdin')
      .addOption(new Option('--prompt <kind>', 'the question answered (with --eval: for lines without a "prompt" field)').choices(['fever', 'temperature', 'keypad']).default('fever'))
      .option('--confidence <n>', 'recogniser confidence (0-1) for every line', confidenceOption)
      .option('--digits <digits>', 'keypad digits pressed')
      .option('--eval <file>', 'score the classifier on a labelled JSON-lines file')
      .option('--json', 'with --eval: print the report as one JSON object (last line)')
      .action(async (opts: CommandOptions) => {
        if (opts.eval !== undefined) {
          let content: string;
          try {
            content = await readFile(opts.eval, 'utf8');
          } catch (err) {
            throw new InputError(`cannot read ${opts.eval}: ${toError(err).message}`, 'check the path; --eval takes a JSON-lines file with "text" and "accept" on every line', { cause: err });
          }
          const prompt = opts.prompt ?? 'fever';
          const items = parseLabelledLines(content, opts.eval).map((it) => (it.prompt === undefined && prompt !== 'fever' ? { ...it, prompt } : it));
          const started = startClock();
          const report = evaluate(items);
          reportTime(items.length, started, io.stderr);
          if (opts.json) ctx.printJson(report);
          else for (const line of formatReport(report)) ctx.print(line);
          return;
        }
        const lines = opts.text !== undefined ? [opts.text] : splitLines(await readAll(io.stdin));
        const started = startClock();
        const results = classifyLines(lines, { prompt: opts.prompt, confidence: opts.confidence, digits: opts.digits });
        reportTime(results.length, started, io.stderr);
        for (const r of results) ctx.printJson(r);
      });
  };
}

export const registerClassify: RegisterCommand = makeRegisterClassify({ stdin: process.stdin, stderr: process.stderr });
