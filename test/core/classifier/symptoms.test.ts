import { classify } from '../../../src/core/classifier/index.js';
import type { Symptom } from '../../../src/core/classifier/index.js';

const symptoms = (text: string) => classify({ text }).symptoms;

describe('symptoms named', () => {
  test.each<[string, string, Symptom[]]>([
    ['cough', '发烧,还咳嗽', ['cough']],
    ['a little cough', '没发烧,有点咳', ['cough']],
    ['dry cough', '干咳', ['cough']],
    ['sore throat', '嗓子疼', ['sore_throat']],
    ['throat hurts a bit', '喉咙有点痛', ['sore_throat']],
    ['pharyngeal pain', '咽痛', ['sore_throat']],
    ['no strength (没 is part of the word)', '不烧,就是没力气', ['fatigue']],
    ['weakness', '浑身无力', ['fatigue']],
    ['tired', '有点累', ['fatigue']],
    ['out of breath', '有点喘', ['breathing']],
    ['breathing difficulty', '呼吸困难', ['breathing']],
    ['chest tightness', '胸闷气短', ['breathing']],
    ['diarrhoea', '拉肚子', ['diarrhea']],
    ['diarrhoea, formal', '腹泻', ['diarrhea']],
    ['cannot smell', '闻不到味道', ['loss_of_taste_smell']],
    ['cannot taste', '尝不出味', ['loss_of_taste_smell']],
    ['no sense of taste', '没味觉', ['loss_of_taste_smell']],
    ['several', '我发烧,咳嗽,嗓子也疼,拉肚子', ['cough', 'sore_throat', 'diarrhea']],
    ['Traditional', '喉嚨痛,還咳嗽', ['cough', 'sore_throat']],
  ])('%s: %s', (_name, text, expected) => {
    expect(symptoms(text)).toEqual(expected);
  });
});

describe('symptoms denied are not reported', () => {
  test.each([
    ['不咳嗽', '没发烧,不咳嗽'],
    ['没有咳嗽', '没有咳嗽也没有发烧'],
    ['listed and denied after', '发烧咳嗽都没有'],
    ['listed and denied before', '没有发烧咳嗽'],
    ['not tired', '不累'],
    ['taste fine', '味觉正常'],
    ['cough gone', '咳嗽好了'],
  ])('%s: %s', (_name, text) => {
    expect(symptoms(text)).toEqual([]);
  });
});

describe('symptoms do not change the fever decision', () => {
  test.each([
    ['no fever, cough', '没发烧,有点咳', 'no_fever'],
    ['no, sore throat', '没有,就是嗓子疼', 'no_fever'],
    ['no, out of breath (有点 is not a yes)', '没有,有点喘', 'no_fever'],
    ['fever and diarrhoea', '有发烧,还拉肚子', 'fever'],
    ['only a symptom: ask again', '嗓子有点疼', 'unclear'],
    ['only illness: ask again', '有点不舒服', 'unclear'],
    ['no fever, just a cold', '没有发烧,就是感冒了', 'no_fever'],
  ])('%s: %s -> %s', (_name, text, label) => {
    expect(classify({ text }).label).toBe(label);
  });
});
