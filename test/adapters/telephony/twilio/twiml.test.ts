import { renderError, renderHangup, renderTwiml, sayLanguageFor } from '../../../../src/adapters/telephony/twilio/twiml.js';
import type { TwimlOptions } from '../../../../src/adapters/telephony/twilio/twiml.js';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const options: TwimlOptions = {
  actionUrl: 'https://tiwen.example.cn/twilio/gather?attempt=7&turn=1',
  language: 'cmn-Hans-CN',
};

describe('renderTwiml', () => {
  it('renders say with the Mandarin <Say> locale and the default Polly voice', () => {
    expect(renderTwiml([{ type: 'say', key: 'greeting', text: '您好,这里是幸福社区居委会。' }], options)).toBe(
      `${XML}<Response><Say voice="Polly.Zhiyu" language="cmn-CN">您好,这里是幸福社区居委会。</Say></Response>`,
    );
  });

  it('renders listen as a speech+dtmf Gather with one nested Say per text', () => {
    const xml = renderTwiml(
      [
        {
          type: 'listen',
          key: 'fever_question',
          texts: ['您好,这里是幸福社区居委会。', '请问您家里有人发烧吗?'],
          input: 'speech dtmf',
          hints: ['有', '没有', '发烧'],
          timeoutSeconds: 5,
        },
      ],
      options,
    );
    expect(xml).toBe(
      `${XML}<Response>` +
        '<Gather input="speech dtmf" action="https://tiwen.example.cn/twilio/gather?attempt=7&amp;turn=1" method="POST" language="cmn-Hans-CN" hints="有,没有,发烧" speechTimeout="auto" timeout="5" actionOnEmptyResult="true">' +
        '<Say voice="Polly.Zhiyu" language="cmn-CN">您好,这里是幸福社区居委会。</Say>' +
        '<Say voice="Polly.Zhiyu" language="cmn-CN">请问您家里有人发烧吗?</Say>' +
        '</Gather></Response>',
    );
  });

  it('renders a keypad-only listen with numDigits and no speech attributes', () => {
    const xml = renderTwiml(
      [{ type: 'listen', key: 'keypad_fallback', texts: ['有人发烧请按1,没有请按2。'], input: 'dtmf', hints: [], timeoutSeconds: 8, numDigits: 1 }],
      options,
    );
    expect(xml).toBe(
      `${XML}<Response>` +
        '<Gather input="dtmf" action="https://tiwen.example.cn/twilio/gather?attempt=7&amp;turn=1" method="POST" language="cmn-Hans-CN" timeout="8" actionOnEmptyResult="true" numDigits="1">' +
        '<Say voice="Polly.Zhiyu" language="cmn-CN">有人发烧请按1,没有请按2。</Say>' +
        '</Gather></Response>',
    );
  });

  it('renders say then hangup in order', () => {
    expect(renderTwiml([{ type: 'say', key: 'closing_no_fever', text: '谢谢,再见。' }, { type: 'hangup' }], options)).toBe(
      `${XML}<Response><Say voice="Polly.Zhiyu" language="cmn-CN">谢谢,再见。</Say><Hangup/></Response>`,
    );
  });

  it('escapes & and < in texts and hints', () => {
    const xml = renderTwiml(
      [
        { type: 'say', key: 'greeting', text: '张三 & 李四 <家>' },
        { type: 'listen', key: 'fever_question', texts: ['体温 > 37.3 & 咳嗽?'], input: 'speech dtmf', hints: ['a&b', '<c>'], timeoutSeconds: 5 },
      ],
      options,
    );
    expect(xml).toBe(
      `${XML}<Response>` +
        '<Say voice="Polly.Zhiyu" language="cmn-CN">张三 &amp; 李四 &lt;家&gt;</Say>' +
        '<Gather input="speech dtmf" action="https://tiwen.example.cn/twilio/gather?attempt=7&amp;turn=1" method="POST" language="cmn-Hans-CN" hints="a&amp;b,&lt;c>" speechTimeout="auto" timeout="5" actionOnEmptyResult="true">' +
        '<Say voice="Polly.Zhiyu" language="cmn-CN">体温 &gt; 37.3 &amp; 咳嗽?</Say>' +
        '</Gather></Response>',
    );
  });

  it('uses a Google voice when asked', () => {
    expect(renderTwiml([{ type: 'say', key: 'greeting', text: '您好' }], { ...options, voice: 'Google.cmn-CN-Standard-A' })).toBe(
      `${XML}<Response><Say voice="Google.cmn-CN-Standard-A" language="cmn-CN">您好</Say></Response>`,
    );
  });

  it('plays pre-rendered audio where audioUrl has a URL, and says the rest', () => {
    const audioUrl = (text: string) => (text === '您好' ? 'https://tiwen.example.cn/audio/ab12.wav?v=1&x=2' : undefined);
    const xml = renderTwiml(
      [{ type: 'listen', key: 'fever_question', texts: ['您好', '有人发烧吗?'], input: 'speech dtmf', hints: ['有'], timeoutSeconds: 5 }],
      { ...options, audioUrl },
    );
    expect(xml).toBe(
      `${XML}<Response>` +
        '<Gather input="speech dtmf" action="https://tiwen.example.cn/twilio/gather?attempt=7&amp;turn=1" method="POST" language="cmn-Hans-CN" hints="有" speechTimeout="auto" timeout="5" actionOnEmptyResult="true">' +
        '<Play>https://tiwen.example.cn/audio/ab12.wav?v=1&amp;x=2</Play>' +
        '<Say voice="Polly.Zhiyu" language="cmn-CN">有人发烧吗?</Say>' +
        '</Gather></Response>',
    );
  });

  it('records spoken answers for our own recogniser: prompts (played or said), <Record>, then a silence report', () => {
    const xml = renderTwiml(
      [{ type: 'listen', key: 'fever_question', texts: ['您好。', '请问您家里有人发烧吗?'], input: 'speech dtmf', hints: ['有'], timeoutSeconds: 5 }],
      {
        ...options,
        audioUrl: (t) => (t === '您好。' ? 'https://tiwen.example.cn/audio/abc.wav' : undefined),
        recordUrl: (key) => `https://tiwen.example.cn/twilio/recording?attempt=7&turn=1&q=${key}`,
      },
    );
    expect(xml).toBe(
      `${XML}<Response><Play>https://tiwen.example.cn/audio/abc.wav</Play><Say voice="Polly.Zhiyu" language="cmn-CN">请问您家里有人发烧吗?</Say>` +
        '<Record maxLength="8" timeout="2" trim="trim-silence" finishOnKey="1234567890*#" playBeep="false" action="https://tiwen.example.cn/twilio/recording?attempt=7&amp;turn=1&amp;q=fever_question" method="POST"/>' +
        '<Redirect method="POST">https://tiwen.example.cn/twilio/gather?attempt=7&amp;turn=1</Redirect></Response>',
    );
  });

  it('a keypad-only question stays a <Gather> when answers are recorded', () => {
    const xml = renderTwiml([{ type: 'listen', key: 'keypad_fallback', texts: ['请按1'], input: 'dtmf', hints: [], timeoutSeconds: 5, numDigits: 1 }], {
      ...options,
      recordUrl: () => 'https://x/rec',
    });
    expect(xml).toMatch(/<Gather input="dtmf"/);
    expect(xml).not.toContain('<Record');
  });

  it('renders an empty action list as an empty Response', () => {
    expect(renderTwiml([], options)).toBe(`${XML}<Response/>`);
  });
});

describe('fallbacks', () => {
  it('renderHangup', () => {
    expect(renderHangup()).toBe(`${XML}<Response><Hangup/></Response>`);
  });

  it('renderError apologises and hangs up', () => {
    expect(renderError({ text: '系统故障,再见。' })).toBe(`${XML}<Response><Say voice="Polly.Zhiyu" language="cmn-CN">系统故障,再见。</Say><Hangup/></Response>`);
    expect(renderError()).toMatch(/^<\?xml.*<Response><Say voice="Polly.Zhiyu" language="cmn-CN">[^<]+<\/Say><Hangup\/><\/Response>$/);
  });
});

describe('sayLanguageFor', () => {
  it.each([
    ['cmn-Hans-CN', 'cmn-CN'],
    ['zh-CN', 'cmn-CN'],
    ['cmn-Hant-TW', 'cmn-TW'],
    ['en-US', 'en-US'],
  ])('%s -> %s', (gather, say) => {
    expect(sayLanguageFor(gather)).toBe(say);
  });
});
