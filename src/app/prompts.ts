/**
 * Loads the robot's spoken texts from prompts/zh-CN.json. Read once at start-up and
 * handed to the dialogue (whose core does no I/O); a broken file stops the start with a
 * message naming the file and the key, not a robot that says nothing mid-call.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROMPT_KEYS, PROMPT_PLACEHOLDERS, placeholdersOf } from '../core/dialogue/prompts.js';
import type { Prompts } from '../core/dialogue/types.js';
import { InputError, toError } from '../errors.js';
import { packageRoot } from '../util/paths.js';

/** Where the shipped Mandarin prompts live. */
export function defaultPromptsPath(): string {
  return path.join(packageRoot(), 'prompts', 'zh-CN.json');
}

/**
 * Reads and validates a prompts file: a JSON object with a non-empty string for every
 * PromptKey, using only the placeholders {office}, {temperature} and {when}. Extra keys
 * are ignored (room for notes). Throws InputError naming the file and the faulty key.
 */
export function loadPrompts(file: string = defaultPromptsPath()): Prompts {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read prompts file ${file}: ${toError(err).message}`, 'Check the path; the shipped file is prompts/zh-CN.json.', {
      cause: err,
    });
  }
  let data: unknown;
  try {
    // An editor may save UTF-8 with a byte-order mark, which JSON.parse rejects.
    data = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`prompts file ${file} is not valid JSON: ${toError(err).message}`, 'Fix the JSON syntax (quotes, commas).', {
      cause: err,
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`prompts file ${file} must hold a JSON object of prompt texts by key`);
  }
  const record = data as Record<string, unknown>;
  const prompts: Partial<Prompts> = {};
  for (const key of PROMPT_KEYS) {
    const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
    if (value === undefined) {
      throw new InputError(`prompts file ${file} is missing the prompt "${key}"`, `Add "${key}" with its Mandarin text.`);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InputError(`prompts file ${file}: prompt "${key}" must be a non-empty string`, `Give "${key}" its Mandarin text.`);
    }
    const unknown = placeholdersOf(value).filter((name) => !PROMPT_PLACEHOLDERS.includes(name));
    if (unknown.length > 0) {
      throw new InputError(
        `prompts file ${file}: prompt "${key}" uses unknown placeholder {${unknown[0]}}`,
        `Placeholders available: ${PROMPT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
      );
    }
    prompts[key] = value;
  }
  return prompts as Prompts;
}
