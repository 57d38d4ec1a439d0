/**
 * Dialect and colloquial words rewritten to standard Mandarin before anything else reads
 * the answer, so the rules need one vocabulary: Wu/Shanghainese (阿拉 we, 侬 you, 侪 all,
 * 伐 question particle, 寒热 fever), Cantonese-flavoured (冇 none, 系 is, 唔 not, 佢 he,
 * 啲 a bit, 咗 done), Sichuan (啥子, 屋头, 莫得), Wuhan (冇得, 伢, 么事), northeastern
 * (俺, 嘎哈, 唠) and Hakka (𠊎 I, 屋下 home, 细人仔 child). Runs on normalised text
 * (Simplified, punctuation reduced to ',' and '?').
 *
 * Only words that cannot be read another way are rewritten; a character that is also
 * part of ordinary words (系 in 联系, 个 in 一个) is rewritten only where it stands alone.
 */

const WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  // Cantonese
  [/唔系/g, '不是'],
  [/呢度|呢处|呢边/g, '这里'],
  [/(?<=这里|这儿|我们|我|他|她|呢个|这个)系(?=[\u4e00-\u9fff])/g, '是'],
  [/成身|周身/g, '浑身'],
  [/㗎|喎|嘞/g, '啊'],
  [/唔好/g, '不要'],
  [/唔使|唔洗/g, '不用'],
  [/唔/g, '不'],
  [/(?<![联关体维派干])系(?=啊|呀|的|嘅|喇|啦|[,?]|$)/g, '是'],
  [/^系(?=[^统列])/g, '是'],
  [/乜嘢|乜野|咩嘢|乜/g, '什么'],
  [/我哋|阿拉|俺们/g, '我们'],
  [/佢哋/g, '他们'],
  [/佢|伊拉/g, '他'],
  [/屋企人/g, '家里人'],
  [/屋企|屋里厢|屋头|屋下|屋里/g, '家里'],
  [/而家|宜家/g, '现在'],
  [/琴日|昨日/g, '昨天'],
  [/迟啲|晏歇|晏点/g, '晚点'],
  [/细路仔|细路|细人仔|细伢|伢儿|伢|囡囡|小囡|娃娃|娃儿|幺儿/g, '孩子'],
  [/个仔/g, '儿子'],
  [/个女/g, '女儿'],
  [/阿妈|阿姆|姆妈|老娘/g, '妈妈'],
  [/老汉|阿爸|爷老头/g, '爸爸'],
  [/婆娘/g, '老婆'],
  [/有啲|有滴|有眼/g, '有点'],
  [/啲/g, '点'],
  [/(?<=[烧热])咗|咗(?=[烧热])/g, '了'],
  [/咗/g, '了'],
  [/嚟/g, '来'],
  [/嘅/g, '的'],
  [/冇得|莫得|没得|冇有|木有|冇/g, '没有'],
  // Wu
  [/侬/g, '你'],
  [/勿要|覅/g, '不要'],
  [/勿/g, '不'],
  [/伲子/g, '儿子'],
  [/转来/g, '回来'],
  [/(?<=[\u4e00-\u9fff])额(?=[,?]|$)/g, '的'],
  // 伐 asking, then the speaker goes on: "有热度伐我也勿晓得" is a question and an answer.
  [/(?<=[\u4e00-\u9fff])伐(?=我|侬|你|他|伊|也)/g, '吗?'],
  [/侪/g, '都'],
  [/(?<=[\u4e00-\u9fff])伐(?=啦|呀|啊|[,?]|$)/g, '吗'],
  [/啥个|啥物事/g, '什么'],
  [/事体/g, '事情'],
  [/没个|呒没|嘸没|呒啥/g, '没有'],
  [/(?<=[好有])个(?=[,?]|$)/g, '的'],
  [/发寒热|寒热/g, '发烧'],
  [/两家头/g, '两个人'],
  [/伊(?=[昨今前明这在有发烧热说])/g, '他'],
  // Sichuan, Wuhan
  [/啥子/g, '什么'],
  [/(?<![什怎这那多])么事/g, '什么事'],
  [/巴适/g, '挺好'],
  [/等哈/g, '等会'],
  // northeastern, Hakka
  [/俺家/g, '我家'],
  [/俺/g, '我'],
  [/𠊎/g, '我'],
  [/嘎哈|干哈/g, '干什么'],
  [/这嘎达|这旮旯/g, '这里'],
  [/杠杠的|老好了|老好/g, '很好'],
  [/唠/g, '说'],
  [/蛮(?=好|健康|正常|不错)/g, '很'],
];

// All rewrites as one alternation, tried left to right at each position: one pass over
// the answer instead of one per word (the classifier runs for every turn of every call).
const ONE_PASS = new RegExp(WORDS.map(([p]) => `(${p.source})`).join('|'), 'g');
const REPLACEMENTS = WORDS.map(([, r]) => r);

/** Standard Mandarin for the dialect words in normalised text s. */
export function standardise(s: string): string {
  if (s.length === 0) return s;
  return s.replace(ONE_PASS, (...groups: unknown[]) => {
    for (let i = 0; i < REPLACEMENTS.length; i++) if (groups[i + 1] !== undefined) return REPLACEMENTS[i]!;
    return groups[0] as string;
  });
}
