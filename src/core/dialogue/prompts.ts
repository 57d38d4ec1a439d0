/**
 * Prompt keys and placeholder filling. Pure: the texts themselves are loaded by
 * src/app/prompts.ts from prompts/zh-CN.json and handed in through DialogueContext.
 */
import type { PromptKey } from './types.js';

/**
 * A record (not an array) so the compiler fails here when a PromptKey is added to
 * types.ts and not listed: the loader validates the prompts file against this list.
 */
const KEYS: Record<PromptKey, true> = {
  greeting: true,
  fever_question: true,
  fever_question_retry: true,
  keypad_fallback: true,
  temperature_question: true,
  temperature_retry: true,
  temperature_confirm: true,
  closing_fever: true,
  closing_no_fever: true,
  closing_unclear: true,
  callback_ack: true,
  wrong_number_apology: true,
  refused_goodbye: true,
  voicemail_notice: true,
};

/** Every prompt key, in the order of the conversation. */
export const PROMPT_KEYS: readonly PromptKey[] = Object.keys(KEYS) as PromptKey[];

/** The placeholders a prompt template may use. */
export const PROMPT_PLACEHOLDERS: readonly string[] = ['office', 'temperature', 'when'];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names of the `{placeholders}` in a template, in order of appearance (duplicates kept). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Fills `{name}` placeholders from `vars`. A placeholder without a value is left as
 * written rather than blanked, so a wiring mistake is audible in testing instead of
 * producing a silently truncated sentence.
 */
export function renderPrompt(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}

/**
 * A temperature as the robot reads it back: at most one decimal, no trailing ".0"
 * (38.5 -> "38.5", 39 -> "39"). Both Twilio's and Google's Mandarin voices read
 * "38.5" as 三十八点五.
 */
export function formatTemperature(celsius: number): string {
  return String(Math.round(celsius * 10) / 10);
}
