/**
 * The demo community's register: N synthetic households, the same every time (a
 * seeded generator), with numbers in the fake block +86 170 0000 xxxx that only the
 * built-in carrier simulator ever dials. Phones are written in the mixed ways real
 * registers use (spaces, dashes, +86) so the demo exercises the importer.
 */
import { mulberry32 } from '../../util/random.js';

export const DEMO_COMMUNITY = '幸福社区';
/** First number of the demo block (+86 170 0000 0000). */
export const DEMO_PHONE_BASE = 17000000000;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰玉萍红建国志文斌霞辉鹏春梅丹宇浩然欣怡子轩梓涵';

function writtenPhone(i: number): string {
  const d = String(DEMO_PHONE_BASE + i);
  switch (i % 4) {
    case 0: return d;
    case 1: return `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
    case 2: return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
    default: return `+86 ${d}`;
  }
}

/** The demo register as CSV text (UTF-8, Chinese headers). */
export function demoRegisterCsv(households: number, seed = 2020): string {
  const rand = mulberry32(seed);
  const pick = (s: string) => s[Math.floor(rand() * s.length)]!;
  const lines = ['姓名,电话,楼栋,单元,房号,网格,免打扰'];
  for (let i = 0; i < households; i++) {
    const building = 1 + Math.floor(i / 200);
    const unit = 1 + Math.floor((i % 200) / 50);
    const room = `${1 + Math.floor((i % 50) / 3)}0${1 + (i % 3)}`;
    const grid = `第${'一二三四五六七八九十'[(building - 1) % 10]}网格`;
    const name = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '');
    // One household in 500 has asked not to be called.
    const dnc = i % 500 === 499 ? '是' : '';
    lines.push(`${name},${writtenPhone(i)},${building}栋,${unit}单元,${room},${grid},${dnc}`);
  }
  return lines.join('\n') + '\n';
}
