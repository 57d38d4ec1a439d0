/**
 * The simulated population: a seeded PRNG, and for each call a plan — outcome, who
 * answers, how long it rings, which persona, and what the resident answers to each
 * question. Every call draws from its own PRNG derived from (seed, call number), so
 * a run is reproducible however the calls interleave.
 */
import type { NumberScript, Outcome, Persona, Scenario, ScenarioAnswer } from './scenario.js';

import { mulberry32, type Rng } from '../../../util/random.js';

export { mulberry32, type Rng };

/** Mixes integers into one 32-bit seed (murmur3 finaliser per part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    let k = Math.imul(p | 0, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function pickWeighted<T>(rng: Rng, items: readonly T[], weightOf: (item: T) => number): T | undefined {
  let total = 0;
  for (const item of items) total += Math.max(0, weightOf(item));
  if (total <= 0) return undefined;
  let r = rng() * total;
  for (const item of items) {
    r -= Math.max(0, weightOf(item));
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

export function between(rng: Rng, [min, max]: readonly [number, number]): number {
  return min === max ? min : min + rng() * (max - min);
}

export type ResidentAnswer = { kind: 'speech'; text: string; confidence: number } | { kind: 'digits'; digits: string } | { kind: 'silence' };

export type AnsweredBy = 'human' | 'machine_start' | 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other' | 'fax' | 'unknown';

export interface CallPlan {
  outcome: Outcome;
  /** Who picked up, when the call is answered (before machine detection is considered). */
  answeredBy: AnsweredBy;
  /** Human seconds of ringing before an answer. */
  ringSeconds: number;
  persona: string | null;
  /** What the resident does when asked `question`. */
  answer(question: string): ResidentAnswer;
}

const SILENCE: ResidentAnswer = { kind: 'silence' };

function toResidentAnswer(a: ScenarioAnswer): ResidentAnswer {
  if (a.text !== undefined) return { kind: 'speech', text: a.text, confidence: a.confidence ?? 0.9 };
  if (a.digits !== undefined) return { kind: 'digits', digits: a.digits };
  return SILENCE;
}

const OUTCOMES: readonly Outcome[] = ['answered', 'voicemail', 'busy', 'no_answer', 'failed'];

export class Population {
  private readonly questions: ReadonlyArray<{ key: string; re: RegExp }>;
  private readonly personas: ReadonlyMap<string, Persona>;
  /** How many calls each scripted number has had (only numbers with a script). */
  private readonly scriptedCalls = new Map<string, number>();

  constructor(private readonly scenario: Scenario) {
    this.questions = scenario.questions.map((q) => ({ key: q.key, re: new RegExp(q.match, 'u') }));
    this.personas = new Map(scenario.personas.map((p) => [p.name, p]));
  }

  /** The question key a prompt asks, by the first matching rule. */
  questionKey(heard: string): string {
    for (const q of this.questions) if (q.re.test(heard)) return q.key;
    return this.scenario.defaultQuestion;
  }

  /** Plans one call to `to`; `rng` is the call's own PRNG. */
  plan(to: string, rng: Rng): CallPlan {
    const script = this.nextScript(to);
    const outcome = script?.outcome ?? pickWeighted(rng, OUTCOMES, (o) => this.scenario.outcomes[o]) ?? 'answered';
    const answeredBy: AnsweredBy = script?.answeredBy ?? (outcome === 'voicemail' ? 'machine_start' : 'human');
    const ringSeconds = script?.ringSeconds ?? between(rng, this.scenario.timing.ringSeconds);
    if (outcome !== 'answered' && outcome !== 'voicemail') {
      return { outcome, answeredBy, ringSeconds, persona: null, answer: () => SILENCE };
    }
    if (script?.answers && !script.persona) {
      const queue = script.answers.map(toResidentAnswer);
      let next = 0;
      return { outcome, answeredBy, ringSeconds, persona: 'script', answer: () => queue[next++] ?? SILENCE };
    }
    // A machine says nothing to our questions.
    if (answeredBy !== 'human' && answeredBy !== 'unknown' && !script?.persona) {
      return { outcome, answeredBy, ringSeconds, persona: 'machine', answer: () => SILENCE };
    }
    const persona = script?.persona ? this.personas.get(script.persona) : pickWeighted(rng, this.scenario.personas, (p) => p.weight);
    if (!persona) return { outcome, answeredBy, ringSeconds, persona: null, answer: () => SILENCE };
    return {
      outcome,
      answeredBy,
      ringSeconds,
      persona: persona.name,
      answer: (question) => {
        const options = persona.answers[question] ?? persona.answers.default;
        const chosen = options && pickWeighted(rng, options, (a) => a.weight ?? 1);
        return chosen ? toResidentAnswer(chosen) : SILENCE;
      },
    };
  }

  private nextScript(to: string): NumberScript | undefined {
    const entry = this.scenario.numbers[to];
    if (!entry) return undefined;
    const n = this.scriptedCalls.get(to) ?? 0;
    this.scriptedCalls.set(to, n + 1);
    if (!Array.isArray(entry)) return entry;
    // After the list runs out, the last script repeats.
    return entry[Math.min(n, entry.length - 1)];
  }
}
