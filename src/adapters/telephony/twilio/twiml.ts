/**
 * Renders the dialogue's actions (data) as TwiML with the SDK's VoiceResponse, so
 * escaping and attribute spelling are the SDK's business.
 *
 * Two language codes on purpose: <Gather> takes the speech-recognition locale
 * (`cmn-Hans-CN`) while <Say> takes the TTS locale (`cmn-CN`); both lists are in the
 * SDK's GatherLanguage / SayLanguage types.
 */
import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { DialogueAction, PromptKey } from '../../../core/dialogue/types.js';

export const DEFAULT_VOICE = 'Polly.Zhiyu';
export const DEFAULT_GATHER_LANGUAGE = 'cmn-Hans-CN';

export interface TwimlOptions {
  /** Absolute URL every <Gather> posts its result to. */
  actionUrl: string;
  /** Speech-recognition locale for <Gather>, e.g. 'cmn-Hans-CN'. */
  language: string;
  /** <Say> voice: 'Polly.Zhiyu' (default) or a Google voice like 'Google.cmn-CN-Standard-A'. */
  voice?: string;
  /** <Say> locale; derived from `language` when absent ('cmn-Hans-CN' -> 'cmn-CN'). */
  sayLanguage?: string;
  /** URL of pre-rendered audio for a text (Google TTS); when it returns one, <Play> replaces <Say>. */
  audioUrl?: (text: string) => string | undefined;
  /** Optional <Gather speechModel>, e.g. 'phone_call'; Twilio picks one when absent. */
  speechModel?: string;
  /**
   * Record spoken answers for our own recogniser (TIWEN_STT=google) instead of
   * <Gather input="speech">: the URL the <Record> posts to, for the question asked.
   */
  recordUrl?: (key: PromptKey) => string;
}

/**
 * <Record> for one short answer. 8 s covers "有，孩子发烧，三十八度五" spoken slowly; 2 s of
 * silence ends it (Twilio's default 5 s would add 3 s of dead air to every turn);
 * silence is trimmed so Google gets (and bills) only speech; any key ends it and is
 * posted as Digits, so the keypad still works (one key: 1/2 answers and confirmations).
 */
export const RECORD_ATTRIBUTES = { maxLength: 8, timeout: 2, trim: 'trim-silence', finishOnKey: '1234567890*#', playBeep: false } as const;

const SAY_LANGUAGE_BY_LOCALE: Record<string, string> = {
  'cmn-hans-cn': 'cmn-CN',
  'zh-cn': 'cmn-CN',
  zh: 'cmn-CN',
  'cmn-hant-tw': 'cmn-TW',
  'zh-tw': 'cmn-TW',
  'yue-hant-hk': 'yue-HK',
};

/** The <Say> locale for a speech-recognition locale. */
export function sayLanguageFor(language: string): string {
  return SAY_LANGUAGE_BY_LOCALE[language.toLowerCase()] ?? language;
}

// The SDK declares these unions without exporting them by name.
type SayVoice = NonNullable<VoiceResponse.SayAttributes['voice']>;
type SayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;
type GatherInput = NonNullable<VoiceResponse.GatherAttributes['input']>[number];
type GatherLanguage = NonNullable<VoiceResponse.GatherAttributes['language']>;

type Speaker = Pick<VoiceResponse, 'say' | 'play'> | Pick<VoiceResponse.Gather, 'say' | 'play'>;

function speak(target: Speaker, text: string, options: TwimlOptions): void {
  const url = options.audioUrl?.(text);
  if (url) {
    target.play({}, url);
    return;
  }
  target.say(
    {
      voice: (options.voice ?? DEFAULT_VOICE) as SayVoice,
      language: (options.sayLanguage ?? sayLanguageFor(options.language)) as SayLanguage,
    },
    text,
  );
}

export function renderTwiml(actions: readonly DialogueAction[], options: TwimlOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const action of actions) {
    switch (action.type) {
      case 'say':
        speak(response, action.text, options);
        break;
      case 'listen': {
        if (options.recordUrl && action.input.includes('speech')) {
          for (const text of action.texts) speak(response, text, options);
          response.record({ ...RECORD_ATTRIBUTES, action: options.recordUrl(action.key), method: 'POST' });
          // An empty recording makes no request (Twilio's rule): report silence to the dialogue.
          response.redirect({ method: 'POST' }, options.actionUrl);
          break;
        }
        const attributes: VoiceResponse.GatherAttributes = {
          input: action.input.split(' ') as GatherInput[],
          action: options.actionUrl,
          method: 'POST',
          language: options.language as GatherLanguage,
        };
        if (action.hints.length > 0) attributes.hints = action.hints.join(',');
        if (action.input.includes('speech')) attributes.speechTimeout = 'auto';
        if (options.speechModel && action.input.includes('speech')) attributes.speechModel = options.speechModel;
        attributes.timeout = action.timeoutSeconds;
        attributes.actionOnEmptyResult = true;
        if (action.numDigits !== undefined) attributes.numDigits = action.numDigits;
        const gather = response.gather(attributes);
        for (const text of action.texts) speak(gather, text, options);
        break;
      }
      case 'hangup':
        response.hangup();
        break;
      default: {
        const unknown: never = action;
        throw new Error(`Unknown dialogue action: ${JSON.stringify(unknown)}`);
      }
    }
  }
  return response.toString();
}

/** Ends the call without a word: the answer to webhooks for calls that are already over. */
export function renderHangup(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

export const DEFAULT_ERROR_TEXT = '抱歉,系统暂时出现故障,我们稍后会再联系您。再见。';

/** Apologises and hangs up: the answer when handling a webhook failed. */
export function renderError(options: { text?: string; voice?: string; sayLanguage?: string } = {}): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(
    {
      voice: (options.voice ?? DEFAULT_VOICE) as SayVoice,
      language: (options.sayLanguage ?? 'cmn-CN') as SayLanguage,
    },
    options.text ?? DEFAULT_ERROR_TEXT,
  );
  response.hangup();
  return response.toString();
}
