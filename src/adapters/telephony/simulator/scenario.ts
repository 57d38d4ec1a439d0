/**
 * The simulator's scenario file: who answers, how fast, what residents say, what the
 * carrier allows and which faults it injects. Validated with zod; an invalid file
 * stops with an InputError naming the file and the JSON path of the bad field.
 * The format is documented in ./README.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../../errors.js';
import { packageRoot } from '../../../util/paths.js';

const rate = z.number().min(0).max(1);
const weight = z.number().min(0);
const seconds = z.number().min(0).max(3600);
/** `[min, max]` (a single number means exactly that value). */
const range = (max: number) =>
  z
    .union([z.number().min(0).max(max), z.tuple([z.number().min(0).max(max), z.number().min(0).max(max)])])
    .transform((v): [number, number] => (typeof v === 'number' ? [v, v] : v))
    .refine(([a, b]) => a <= b, 'min must not exceed max');
const comment = { description: z.string().optional(), comment: z.string().optional() };

/** One thing a resident may do when asked: speak, press keys, or stay silent. */
const answerSchema = z
  .object({
    text: z.string().min(1).optional(),
    confidence: rate.optional(),
    digits: z.string().regex(/^[0-9*#]+$/, 'digits may only contain 0-9, * and #').optional(),
    silence: z.literal(true).optional(),
    weight: weight.optional(),
    ...comment,
  })
  .strict()
  .refine((a) => [a.text !== undefined, a.digits !== undefined, a.silence === true].filter(Boolean).length === 1, {
    message: 'an answer needs exactly one of "text", "digits" or "silence": true',
  });

const personaSchema = z
  .object({
    name: z.string().min(1),
    weight,
    /** Question key -> weighted answers; the key "default" answers unknown questions. */
    answers: z.record(z.string().min(1), z.array(answerSchema).min(1)),
    ...comment,
  })
  .strict();

const outcomeName = z.enum(['answered', 'voicemail', 'busy', 'no_answer', 'failed']);
const answeredByName = z.enum(['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown']);

const scriptSchema = z
  .object({
    outcome: outcomeName,
    answeredBy: answeredByName.optional(),
    ringSeconds: seconds.optional(),
    /** Use this persona's answers instead of `answers`. */
    persona: z.string().min(1).optional(),
    /** Answers given in order, one per Gather/Record; silence once they run out. */
    answers: z.array(answerSchema).optional(),
    ...comment,
  })
  .strict();

const regex = z.string().refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    ...comment,
    seed: z.number().int().default(1),
    outcomes: z
      .object({ answered: weight.default(0), voicemail: weight.default(0), busy: weight.default(0), no_answer: weight.default(0), failed: weight.default(0), ...comment })
      .strict()
      .refine((o) => o.answered + o.voicemail + o.busy + o.no_answer + o.failed > 0, 'at least one outcome needs a weight above 0')
      .default({ answered: 1, voicemail: 0, busy: 0, no_answer: 0, failed: 0 }),
    timing: z
      .object({
        /** Human seconds are divided by `speed` (100: 30 s of talk take 0.3 s). */
        speed: z.number().positive().default(1),
        ringSeconds: range(600).default([2, 12]),
        busySeconds: range(600).default([1, 3]),
        failedSeconds: range(600).default([0, 1]),
        sayCharSeconds: seconds.default(0.22),
        playSeconds: seconds.default(3),
        replyDelaySeconds: range(600).default([0.5, 2]),
        answerCharSeconds: seconds.default(0.25),
        /**
         * How long answering-machine detection takes to decide (Twilio: about 2-4 s for a
         * human who says a short "喂?"). Synchronous AMD holds the call in silence that long.
         */
        amdSeconds: seconds.default(3),
        ...comment,
      })
      .strict()
      .prefault({}),
    questions: z
      .array(z.object({ key: z.string().min(1), match: regex, ...comment }).strict())
      .default([]),
    defaultQuestion: z.string().min(1).default('fever'),
    personas: z.array(personaSchema).default([{ name: 'silent', weight: 1, answers: { default: [{ silence: true }] } }]),
    numbers: z.record(z.string().min(1), z.union([scriptSchema, z.array(scriptSchema).min(1)])).default({}),
    carrier: z
      .object({
        cps: z.number().positive().nullable().default(null),
        lines: z.number().int().positive().nullable().default(null),
        overLimit: z.enum(['queue', 'reject']).default('queue'),
        webhookTimeoutSeconds: z.number().positive().max(600).default(15),
        ...comment,
      })
      .strict()
      .prefault({}),
    faults: z
      .object({
        restErrorRate: rate.default(0),
        rest429Rate: rate.default(0),
        /** The call is placed but the create answer is a 500 (the caller must reconcile). */
        createResponseLossRate: rate.default(0),
        callbackDuplicateRate: rate.default(0),
        callbackReorderRate: rate.default(0),
        callbackLossRate: rate.default(0),
        callbackDelayMs: range(600_000).default([0, 0]),
        ...comment,
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.personas.length && !s.personas.some((p) => p.weight > 0)) {
      ctx.addIssue({ code: 'custom', path: ['personas'], message: 'at least one persona needs a weight above 0' });
    }
    const names = new Set(s.personas.map((p) => p.name));
    for (const [number, value] of Object.entries(s.numbers)) {
      const scripts = Array.isArray(value) ? value : [value];
      scripts.forEach((script, i) => {
        if (script.persona && !names.has(script.persona)) {
          const where = Array.isArray(value) ? ['numbers', number, i, 'persona'] : ['numbers', number, 'persona'];
          ctx.addIssue({ code: 'custom', path: where, message: `no persona named "${script.persona}"` });
        }
      });
    }
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioAnswer = z.output<typeof answerSchema>;
export type NumberScript = z.output<typeof scriptSchema>;
export type Persona = z.output<typeof personaSchema>;
export type Outcome = z.output<typeof outcomeName>;

function formatPath(p: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of p) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += (out ? '.' : '') + part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(root)';
}

/** Validates a scenario object (e.g. built in a test); `source` names it in errors. */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 10).map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  const first = result.error.issues[0];
  throw new InputError(
    `${source}: invalid scenario at ${first ? formatPath(first.path) : '(root)'}:\n${lines.join('\n')}`,
    'fix the field named above; the format is described in src/adapters/telephony/simulator/README.md',
  );
}

/** Reads and validates a scenario JSON file. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read scenario file ${file}: ${(err as Error).message}`, 'check the path given to --scenario', { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`scenario file ${file} is not valid JSON: ${(err as Error).message}`, 'fix the JSON syntax (comments are not allowed; use "description" fields)', { cause: err });
  }
  return parseScenario(json, `scenario file ${file}`);
}

/** The shipped realistic population (config/scenarios/demo.json). */
export function defaultScenario(): Scenario {
  return loadScenario(scenarioFile('demo'));
}

/** Path of a shipped scenario by name (`demo`, `bench`). */
export function scenarioFile(name: string): string {
  return path.join(packageRoot(), 'config', 'scenarios', `${name}.json`);
}
