/**
 * (e) Classifier speed: the repository's labelled answers (test/data) classified over and
 * over on this process's one thread, after a warm-up. Reported per second of wall time
 * and per second of CPU time (on a shared machine the wall clock also counts other
 * processes), beside a reference measured in the same run: the same answers through
 * normalisation alone (NFKC, Traditional to Simplified, punctuation), the floor any
 * reading of a transcript pays.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../../core/classifier/index.js';
import type { PromptKind } from '../../core/classifier/index.js';
import { normalise } from '../../core/classifier/normalise.js';
import { packageRoot } from '../../util/paths.js';

export interface ClassifierFigure {
  /** Distinct labelled answers in the corpus. */
  answers: number;
  /** Classifications measured (the corpus repeated). */
  classified: number;
  answers_per_second: number;
  answers_per_cpu_second: number;
  /** Reference: normalisation alone of the same answers, per CPU second. */
  normalise_per_cpu_second: number;
}

interface Answer {
  text: string;
  prompt: PromptKind;
}

/** The answers of every labelled file in test/data; empty when the folder is not there. */
export function labelledAnswers(dir = path.join(packageRoot(), 'test', 'data')): Answer[] {
  if (!existsSync(dir)) return [];
  const answers: Answer[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const o = JSON.parse(line) as { text: string; prompt?: PromptKind };
      answers.push({ text: o.text, prompt: o.prompt ?? 'fever' });
    }
  }
  return answers;
}

function measure(count: number, work: (i: number) => void): { wallMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) work(i);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

/** Measures the classifier on `classifications` answers; null when there is no corpus. */
export function benchClassifier(classifications: number, answers = labelledAnswers()): ClassifierFigure | null {
  if (answers.length === 0) return null;
  const at = (i: number) => answers[i % answers.length]!;
  measure(Math.min(classifications, 20000), (i) => classify(at(i)));
  measure(Math.min(classifications, 20000), (i) => normalise(at(i).text));
  const c = measure(classifications, (i) => classify(at(i)));
  const n = measure(classifications, (i) => normalise(at(i).text));
  const rate = (ms: number) => Math.round((classifications / Math.max(ms, 1e-3)) * 1000);
  return {
    answers: answers.length,
    classified: classifications,
    answers_per_second: rate(c.wallMs),
    answers_per_cpu_second: rate(c.cpuMs),
    normalise_per_cpu_second: rate(n.cpuMs),
  };
}
