/**
 * Scores the classifier on labelled answers (datasets/README.md): accuracy, missed
 * fevers, temperature accuracy, symptom recall, and the list of misses. Pure.
 */
import type { AnswerLabel, Classification, ClassifyInput, PromptKind, Symptom } from './types.js';
import { ANSWER_LABELS } from './types.js';
import { classify as defaultClassify } from './index.js';

/** One labelled answer. */
export interface LabelledItem {
  text: string;
  /** Labels a reviewer accepts; the first is the most likely. */
  accept: AnswerLabel[];
  /** The temperature stated exactly, or null. */
  temperature?: number | null;
  symptoms?: Symptom[];
  prompt?: PromptKind;
  confidence?: number;
  digits?: string;
  /** Where the item came from (line number), for reports. */
  line?: number;
}

export type MissKind = 'label' | 'missed_fever' | 'temperature' | 'symptoms';

export interface Miss {
  kind: MissKind;
  line?: number;
  text: string;
  expected: string;
  got: string;
  rule: string;
}

export interface EvaluationReport {
  items: number;
  /** Share of items whose label is one the reviewer accepts. */
  accuracy: number;
  /** Items that could only be a fever, classified as no_fever/callback/wrong_number/refused. */
  missed_fevers: number;
  /** Share of items with a stated temperature whose temperature is within 0.05 °C. */
  temperature_accuracy: number;
  /** Symptoms found / symptoms expected, over all items. */
  symptom_recall: number;
  /**
   * Share of all items whose temperature is right: the stated one within the tolerance,
   * or none found where none is stated (the temperature question's measure).
   */
  temperature_exact_or_none: number;
  /**
   * Answers to the temperature question (asked only after a fever was reported) that came
   * out no_fever although no reviewer accepts that: a reported fever closed as healthy.
   */
  reported_fever_closed: number;
  /** By expected label (the first accepted), how many got each label. */
  confusion: ConfusionMatrix;
  misses: Miss[];
}

/** confusion[expected][got] = count, every label present in both. */
export type ConfusionMatrix = Record<AnswerLabel, Record<AnswerLabel, number>>;

function emptyConfusion(): ConfusionMatrix {
  const m = {} as ConfusionMatrix;
  for (const e of ANSWER_LABELS) {
    m[e] = {} as Record<AnswerLabel, number>;
    for (const g of ANSWER_LABELS) m[e][g] = 0;
  }
  return m;
}

/** A temperature counts as right within this much: the answers state tenths of a degree. */
export const TEMPERATURE_TOLERANCE_C = 0.05;

const CLOSES_AS_NOT_FEVER: ReadonlySet<AnswerLabel> = new Set(['no_fever', 'callback', 'wrong_number', 'refused']);

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : Math.round((n / d) * 10000) / 10000;
}

/** Classifies every item and scores the results. */
export function evaluate(items: readonly LabelledItem[], classify: (input: ClassifyInput) => Classification = defaultClassify): EvaluationReport {
  let correct = 0;
  let missedFevers = 0;
  let tempTotal = 0;
  let tempRight = 0;
  let symptomsExpected = 0;
  let symptomsFound = 0;
  let tempOrNoneRight = 0;
  let reportedClosed = 0;
  const confusion = emptyConfusion();
  const misses: Miss[] = [];
  for (const item of items) {
    const got = classify({ text: item.text, prompt: item.prompt, confidence: item.confidence, digits: item.digits });
    const base = { text: item.text, rule: got.rule, ...(item.line === undefined ? {} : { line: item.line }) };
    const accepted = item.accept.includes(got.label);
    if (accepted) correct++;
    confusion[item.accept[0]!][got.label]++;
    if (item.prompt === 'temperature' && got.label === 'no_fever' && !item.accept.includes('no_fever')) reportedClosed++;
    const stated = item.temperature ?? null;
    if (stated === null ? got.temperatureC === null : got.temperatureC !== null && Math.abs(got.temperatureC - stated) <= TEMPERATURE_TOLERANCE_C + 1e-9) tempOrNoneRight++;
    else if (stated === null) misses.push({ kind: 'temperature', expected: 'null', got: String(got.temperatureC), ...base });
    const mustBeFever = item.accept.includes('fever') && !item.accept.includes('no_fever');
    // A label the reviewer accepts (callback for "等下告诉你") is no miss, whatever else is accepted.
    if (mustBeFever && !accepted && CLOSES_AS_NOT_FEVER.has(got.label)) {
      missedFevers++;
      misses.push({ kind: 'missed_fever', expected: item.accept.join('|'), got: got.label, ...base });
    } else if (!accepted) {
      misses.push({ kind: 'label', expected: item.accept.join('|'), got: got.label, ...base });
    }
    if (item.temperature !== undefined && item.temperature !== null) {
      tempTotal++;
      if (got.temperatureC !== null && Math.abs(got.temperatureC - item.temperature) <= TEMPERATURE_TOLERANCE_C + 1e-9) tempRight++;
      else misses.push({ kind: 'temperature', expected: String(item.temperature), got: String(got.temperatureC), ...base });
    }
    const expected = item.symptoms ?? [];
    if (expected.length > 0) {
      symptomsExpected += expected.length;
      const found = expected.filter((s) => got.symptoms.includes(s));
      symptomsFound += found.length;
      if (found.length < expected.length) misses.push({ kind: 'symptoms', expected: expected.join(','), got: got.symptoms.join(',') || '-', ...base });
    }
  }
  return {
    items: items.length,
    accuracy: ratio(correct, items.length),
    missed_fevers: missedFevers,
    temperature_accuracy: ratio(tempRight, tempTotal),
    symptom_recall: ratio(symptomsFound, symptomsExpected),
    temperature_exact_or_none: ratio(tempOrNoneRight, items.length),
    reported_fever_closed: reportedClosed,
    confusion,
    misses,
  };
}
