/**
 * The dialogue through the real classifier and the shipped prompts: the wiring that the
 * table-driven conversation tests replace with fakes.
 */
import { loadPrompts } from '../../../src/app/prompts.js';
import { classify } from '../../../src/core/classifier/index.js';
import { nextDialogue, startDialogue } from '../../../src/core/dialogue/index.js';
import type { DialogueContext, DialogueEvent, DialogueStep } from '../../../src/core/dialogue/index.js';

const ctx: DialogueContext = {
  officeName: '幸福社区居委会',
  prompts: loadPrompts(),
  voicemailAction: 'notice',
  callbackDefaultSeconds: 7200,
  // no `classify`: the real classifier is the default
};

function play(events: DialogueEvent[]): DialogueStep[] {
  const steps = [startDialogue({ type: 'answered', answeredBy: 'human' }, ctx)];
  for (const event of events) {
    const last = steps.at(-1);
    if (!last) throw new Error('no step');
    steps.push(nextDialogue(JSON.parse(JSON.stringify(last.state)), event, ctx));
  }
  return steps;
}

// The classifier was a placeholder (rule 'stub', everything unclear) while it was being
// written in parallel; these cases need its real rules.
const real = classify({ text: '我发烧了' }).rule !== 'stub';
const itReal = real ? it : it.skip;

describe('dialogue with the real classifier', () => {
  it('greets with the shipped Mandarin text naming the office', () => {
    const [first] = play([]);
    expect(first?.actions[0]).toMatchObject({ type: 'listen', texts: ['您好，这里是幸福社区居委会，正在进行居民健康排查。', '请问您家里有人发烧吗？'] });
  });

  itReal('我发烧了 → 三十八度五 → 对: fever, 38.5 °C', () => {
    const steps = play([
      { type: 'reply', text: '我发烧了', confidence: 0.9 },
      { type: 'reply', text: '三十八度五', confidence: 0.9 },
      { type: 'reply', text: '对', confidence: 0.9 },
    ]);
    expect(steps.map((s) => s.actions[0]?.type === 'hangup' ? 'hangup' : s.actions[0]?.key)).toEqual([
      'fever_question',
      'temperature_question',
      'temperature_confirm',
      'closing_fever',
    ]);
    expect(steps[2]?.actions[0]).toMatchObject({ texts: ['您说的最高体温是38.5度，对吗？对请按1，不对请按2。'] });
    expect(steps.at(-1)?.outcome).toMatchObject({ label: 'fever', temperatureC: 38.5 });
  });

  itReal('我发烧了 → typed 385 → key 1: fever, 38.5 °C', () => {
    const steps = play([
      { type: 'reply', text: '我发烧了', confidence: 0.9 },
      { type: 'reply', text: '', digits: '385' },
      { type: 'reply', text: '', digits: '1' },
    ]);
    expect(steps.at(-1)?.outcome).toMatchObject({ label: 'fever', temperatureC: 38.5 });
  });

  itReal('没有 → no fever', () => {
    const steps = play([{ type: 'reply', text: '没有', confidence: 0.9 }]);
    expect(steps.at(-1)?.outcome).toMatchObject({ label: 'no_fever' });
  });
});
