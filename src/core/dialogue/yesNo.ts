/**
 * Recognises a yes/no answer to the temperature read-back ("您说的最高体温是38.5度，对吗？
 * 对请按1，不对请按2。"). Kept apart from the classifier because it answers a different
 * question: not "is there a fever" but "did we hear you right".
 */

/** A recognised confirmation answer. */
export type YesNo = 'yes' | 'no';

/** Traditional characters residents' phones or recognisers may produce. */
const TRADITIONAL: Readonly<Record<string, string>> = { 對: '对', 錯: '错', 沒: '没', 確: '确', 問: '问', 聽: '听', 記: '记', 說: '说' };

// Checked before the negatives: these contain 没/不/错 but mean yes.
const AFFIRMING_NEGATIONS = /没错|不错|没有错|没问题/;
// Checked before the positives: 不对 contains 对, 不是 contains 是.
const NEGATIVE = /不对|不是|不太对|不正确|错了|错的|说错|听错|记错|^不$|^否|^没有$|^no\b/i;
const POSITIVE = /对|是|嗯|正确|准确|没错|好的|^好$|^yes\b|^ok\b/i;

function normalise(text: string): string {
  return [...text]
    .map((ch) => TRADITIONAL[ch] ?? ch)
    .join('')
    .replace(/[\s，。！？、,.!?;；:："“”'‘’…~-]+/g, '');
}

/**
 * Reads a yes/no from keypad digits (1 = yes, 2 = no, as the prompt says) or from the
 * transcript; null when the answer is neither (or silence). Digits win over speech
 * because a key press is unambiguous.
 */
export function recogniseYesNo(text: string, digits?: string | null): YesNo | null {
  const keys = (digits ?? '').trim();
  if (keys.startsWith('1')) return 'yes';
  if (keys.startsWith('2')) return 'no';
  const t = normalise(text);
  if (t === '') return null;
  // A recogniser may transcribe a spoken key as the digit itself.
  if (t === '1' || t === '一') return 'yes';
  if (t === '2' || t === '二') return 'no';
  if (AFFIRMING_NEGATIONS.test(t)) return 'yes';
  if (NEGATIVE.test(t)) return 'no';
  if (POSITIVE.test(t)) return 'yes';
  return null;
}
