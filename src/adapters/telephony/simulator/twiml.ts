/**
 * TwiML: parsing a <Response> into verbs, and running the verbs of one answered call
 * the way Twilio does — Say/Play/Pause take time, Gather hears the resident and posts
 * to its action, Redirect fetches a new document, Record posts a recording, Hangup
 * and the end of a document end the call. The runner touches no sockets or timers: it
 * is handed a CallIo.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ResidentAnswer } from './population.js';

export type HttpMethod = 'GET' | 'POST';

export type Verb =
  | { verb: 'Say'; text: string; loop: number }
  | { verb: 'Play'; url: string; loop: number }
  | { verb: 'Pause'; length: number }
  | {
      verb: 'Gather';
      speech: boolean;
      dtmf: boolean;
      action: string | undefined;
      method: HttpMethod;
      timeout: number;
      speechTimeout: number;
      numDigits: number | undefined;
      actionOnEmptyResult: boolean;
      prompts: Verb[];
    }
  | { verb: 'Redirect'; url: string; method: HttpMethod }
  | { verb: 'Record'; action: string | undefined; method: HttpMethod; maxLength: number; timeout: number; finishOnKey: string }
  | { verb: 'Hangup' }
  | { verb: 'Reject'; reason: string }
  | { verb: 'Unsupported'; name: string };

export class TwimlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TwimlError';
  }
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

function tagOf(node: Node): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return undefined;
}

function textOf(children: unknown): string {
  if (!Array.isArray(children)) return '';
  let out = '';
  for (const child of children as Node[]) {
    const t = child['#text'];
    if (t !== undefined) out += String(t);
    else {
      const tag = tagOf(child);
      // SSML inside <Say> (<prosody>, <break/>...) still speaks its text.
      if (tag) out += textOf(child[tag]);
    }
  }
  return out.trim();
}

function num(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function method(value: string | undefined): HttpMethod {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

function toVerb(node: Node, nested: boolean): Verb | undefined {
  const tag = tagOf(node);
  if (!tag || tag === '#text') return undefined;
  const a = node[':@'] ?? {};
  const children = node[tag];
  switch (tag) {
    case 'Say':
      return { verb: 'Say', text: textOf(children), loop: Math.max(1, num(a.loop, 1)) };
    case 'Play':
      return { verb: 'Play', url: textOf(children), loop: Math.max(1, num(a.loop, 1)) };
    case 'Pause':
      return { verb: 'Pause', length: num(a.length, 1) };
  }
  if (nested) throw new TwimlError(`<${tag}> is not allowed inside <Gather>`);
  switch (tag) {
    case 'Gather': {
      const input = (a.input ?? 'dtmf').toLowerCase().split(/\s+/);
      const prompts: Verb[] = [];
      for (const child of (Array.isArray(children) ? children : []) as Node[]) {
        const v = toVerb(child, true);
        if (v) prompts.push(v);
      }
      const timeout = num(a.timeout, 5);
      return {
        verb: 'Gather',
        speech: input.includes('speech'),
        dtmf: input.includes('dtmf'),
        action: a.action || undefined,
        method: method(a.method),
        timeout,
        speechTimeout: a.speechTimeout === 'auto' || a.speechTimeout === undefined ? 0.7 : num(a.speechTimeout, timeout),
        numDigits: a.numDigits ? num(a.numDigits, 0) || undefined : undefined,
        actionOnEmptyResult: a.actionOnEmptyResult === 'true',
        prompts,
      };
    }
    case 'Redirect': {
      const url = textOf(children);
      if (!url) throw new TwimlError('<Redirect> needs a URL');
      return { verb: 'Redirect', url, method: method(a.method) };
    }
    case 'Record':
      return {
        verb: 'Record',
        action: a.action || undefined,
        method: method(a.method),
        maxLength: num(a.maxLength, 3600),
        timeout: num(a.timeout, 5),
        // Twilio's default: any key ends the recording; an empty attribute means none does.
        finishOnKey: a.finishOnKey ?? '1234567890*#',
      };
    case 'Hangup':
      return { verb: 'Hangup' };
    case 'Reject':
      return { verb: 'Reject', reason: a.reason ?? 'rejected' };
    default:
      return { verb: 'Unsupported', name: tag };
  }
}

/** Parses a TwiML document; throws TwimlError when it is not a valid <Response>. */
export function parseTwiml(xml: string): Verb[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlError(`invalid XML: ${valid.err.msg} (line ${valid.err.line})`);
  const nodes = parser.parse(xml) as Node[];
  const response = nodes.find((n) => tagOf(n) === 'Response');
  if (!response) throw new TwimlError('the document has no <Response> root');
  const verbs: Verb[] = [];
  for (const child of (response.Response ?? []) as Node[]) {
    const v = toVerb(child, false);
    if (v) verbs.push(v);
  }
  return verbs;
}

/** What the verb runner needs from the call: time, the resident, and our server. */
export interface CallIo {
  /** Lets `seconds` of human time pass; false when the call was hung up meanwhile. */
  wait(seconds: number): Promise<boolean>;
  /** Fetches the next TwiML document; null when the call must end (error recorded). `kind` names an answer's request (timed). */
  fetch(url: string, method: HttpMethod, extra: Record<string, string>, kind?: 'gather' | 'record'): Promise<string | null>;
  /** Fetches a <Play> URL: the words its audio carries ('' for none), null when it is missing or broken (error recorded). */
  play(url: string): Promise<string | null>;
  /** The resident hears `heard` and is asked; records the turn in the call log. */
  ask(heard: string, deliverable: (a: ResidentAnswer) => boolean): ResidentAnswer;
  /** A reply delay before the resident starts answering (human seconds). */
  replyDelay(): number;
  /** A document could not be used: recorded in the call log, the call ends. */
  fail(message: string): void;
  /** Keeps a recording of these words (null: empty) at the carrier. */
  recording(words: { text: string; confidence?: number } | null): { sid: string; url: string };
  /** What the resident heard after the last question, when the call ends (the closing words). */
  heardAtEnd?(heard: string): void;
  readonly timing: { sayCharSeconds: number; playSeconds: number; answerCharSeconds: number };
}

export type RunEnd = 'hangup' | 'reject' | 'error' | 'aborted';

/** Twilio follows at most this many documents in one call (Redirect loops end here). */
const MAX_DOCUMENTS = 500;

function promptSeconds(v: Verb, t: CallIo['timing']): number {
  if (v.verb === 'Say') return v.loop * Math.max(1, [...v.text].length) * t.sayCharSeconds;
  if (v.verb === 'Play') return v.loop * t.playSeconds;
  if (v.verb === 'Pause') return v.length;
  return 0;
}

/** What the resident hears of a prompt: a Say's text, a Play's words (or `[play URL]` when its audio carries none). */
async function heardOf(v: Verb, io: CallIo): Promise<string> {
  if (v.verb === 'Say') return v.text;
  if (v.verb === 'Play') {
    const words = await io.play(v.url);
    return words ? words : `[play ${v.url}]`;
  }
  return '';
}

function resolve(href: string | undefined, base: string): string {
  if (!href) return base;
  try {
    return new URL(href, base).toString();
  } catch {
    return href;
  }
}

/** Runs an answered call from its first document to its end. */
export async function runCall(io: CallIo, firstUrl: string, firstMethod: HttpMethod, answerParams: Record<string, string>): Promise<RunEnd> {
  let url = firstUrl;
  let next: { url: string; method: HttpMethod; extra: Record<string, string>; kind?: 'gather' | 'record' } | undefined = { url: firstUrl, method: firstMethod, extra: answerParams };
  let documents = 0;
  let heard = '';
  while (next) {
    if (++documents > MAX_DOCUMENTS) {
      io.fail(`more than ${MAX_DOCUMENTS} TwiML documents in one call`);
      return 'error';
    }
    url = next.url;
    const body = await io.fetch(next.url, next.method, next.extra, next.kind);
    if (body === null) return 'error';
    let verbs: Verb[];
    try {
      verbs = parseTwiml(body);
    } catch (err) {
      io.fail(`${url}: ${(err as Error).message}`);
      return 'error';
    }
    next = undefined;
    for (const v of verbs) {
      switch (v.verb) {
        case 'Say':
        case 'Play':
        case 'Pause':
          heard = (heard + ' ' + (await heardOf(v, io))).trim();
          if (!(await io.wait(promptSeconds(v, io.timing)))) return 'aborted';
          continue;
        case 'Unsupported':
          io.fail(`<${v.name}> is not supported by the simulator; skipped`);
          continue;
        case 'Hangup':
          io.heardAtEnd?.(heard);
          return 'hangup';
        case 'Reject':
          io.heardAtEnd?.(heard);
          return 'reject';
        case 'Redirect':
          next = { url: resolve(v.url, url), method: v.method, extra: {} };
          break;
        case 'Gather': {
          let promptTime = 0;
          for (const p of v.prompts) {
            heard = (heard + ' ' + (await heardOf(p, io))).trim();
            promptTime += promptSeconds(p, io.timing);
          }
          if (!(await io.wait(promptTime))) return 'aborted';
          const answer = io.ask(heard, (a) => (a.kind === 'speech' && v.speech) || (a.kind === 'digits' && v.dtmf));
          heard = '';
          let extra: Record<string, string> | undefined;
          if (answer.kind === 'speech' && v.speech) {
            const talk = io.replyDelay() + [...answer.text].length * io.timing.answerCharSeconds + v.speechTimeout;
            if (!(await io.wait(talk))) return 'aborted';
            extra = { SpeechResult: answer.text, Confidence: answer.confidence.toFixed(8).replace(/0+$/, '').replace(/\.$/, '') };
          } else if (answer.kind === 'digits' && v.dtmf) {
            const digits = v.numDigits ? answer.digits.slice(0, v.numDigits) : answer.digits;
            if (!(await io.wait(io.replyDelay() + digits.length * 0.3))) return 'aborted';
            extra = { Digits: digits };
          } else {
            if (!(await io.wait(v.timeout))) return 'aborted';
            if (v.actionOnEmptyResult) extra = {};
          }
          if (!extra) continue;
          next = { url: resolve(v.action, url), method: v.method, extra, kind: 'gather' };
          break;
        }
        case 'Record': {
          const finishes = (a: ResidentAnswer) => a.kind === 'digits' && a.digits.length > 0 && v.finishOnKey.includes(a.digits[0]!);
          const answer = io.ask(heard, (a) => a.kind === 'speech' || finishes(a));
          heard = '';
          if (answer.kind === 'digits' && finishes(answer)) {
            // A key in finishOnKey ends the recording at once; the action learns which (Digits).
            if (!(await io.wait(io.replyDelay()))) return 'aborted';
            const rec = io.recording(null);
            next = { url: resolve(v.action, url), method: v.method, extra: { RecordingUrl: rec.url, RecordingSid: rec.sid, RecordingDuration: '0', Digits: answer.digits[0]! }, kind: 'record' };
            break;
          }
          if (answer.kind !== 'speech') {
            // Twilio makes no request to the action when the recording is empty.
            if (!(await io.wait(answer.kind === 'digits' ? io.replyDelay() : v.timeout))) return 'aborted';
            continue;
          }
          const seconds = Math.min(v.maxLength, io.replyDelay() + [...answer.text].length * io.timing.answerCharSeconds);
          if (!(await io.wait(seconds + v.timeout))) return 'aborted';
          const rec = io.recording({ text: answer.text, confidence: answer.confidence });
          next = {
            url: resolve(v.action, url),
            method: v.method,
            extra: { RecordingUrl: rec.url, RecordingSid: rec.sid, RecordingDuration: String(Math.max(1, Math.round(seconds))) },
            kind: 'record',
          };
          break;
        }
      }
      break;
    }
  }
  // The end of a document hangs up.
  io.heardAtEnd?.(heard);
  return 'hangup';
}
