/**
 * Builds the labelled answer sets in test/data from the hand-written lines in this folder
 * (*.txt: `LABELS|text|temperature|symptoms`, LABELS as letters F N U C W R in order of
 * likelihood, symptom letters c s f b d l) and from a small grammar of answers whose labels
 * follow from how each part is put together (whose fever, when, negated or not).
 * Then splits each set once, with a fixed seed, into a tune part (70 %) and a held-out
 * part (30 %). Run: node test/data/source/build.mjs (the output is committed; re-running
 * gives the same files).
 */
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter } from 'opencc-js/cn2t';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..');
const toTraditional = Converter({ from: 'cn', to: 'tw' });

const LABEL = { F: 'fever', N: 'no_fever', U: 'unclear', C: 'callback', W: 'wrong_number', R: 'refused' };
const SYMPTOM = { c: 'cough', s: 'sore_throat', f: 'fatigue', b: 'breathing', d: 'diarrhea', l: 'loss_of_taste_smell' };

// A small seeded PRNG (mulberry32), so the grammar and the split never change between runs.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261201);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;

function item(codes, text, temperature = null, symptoms = [], prompt) {
  const o = { text, accept: [...codes].map((c) => LABEL[c]), temperature, symptoms };
  if (prompt) o.prompt = prompt;
  return o;
}

function readHand(file, prompt) {
  const items = [];
  for (const line of readFileSync(path.join(here, file), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [codes, text, temp, sym] = line.split('|');
    const symptoms = (sym ?? '').split(',').filter(Boolean).map((s) => SYMPTOM[s]);
    items.push(item(codes, text, temp ? Number(temp) : null, symptoms, prompt));
  }
  return items;
}

// ---- the grammar ---------------------------------------------------------------
const DIGITS = '零一二三四五六七八九';
const HOMOPHONE = { 1: ['医', '衣', '依'], 2: ['儿', '而'], 3: ['伞', '散'], 5: ['舞', '午'], 6: ['柳', '溜', '留'], 7: ['期', '起', '气'], 9: ['久', '酒'] };
const cn = (n) => (n < 10 ? DIGITS[n] : `${n >= 20 ? DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? DIGITS[n % 10] : ''}`);

/** A temperature as people say it and recognisers write it: [text, exact value or null]. */
function sayTemperature(v) {
  const whole = Math.floor(v);
  const tenth = Math.round((v - whole) * 10);
  const d = tenth ? DIGITS[tenth] : '';
  const forms = [
    [`${cn(whole)}度${d}`, v],
    [`${cn(whole)}度${d}`, v],
    [tenth ? `${cn(whole)}点${d}` : `${cn(whole)}度`, v],
    [tenth ? `${whole}.${tenth}` : `${whole}度`, v],
    [tenth ? `${whole}度${tenth}` : `${whole}度`, v],
    [tenth ? `${whole}.${tenth}度` : `${cn(whole)}度整`, v],
    [`${String(whole).split('').join(' ')} 度${tenth ? ' ' + tenth : ''}`, v],
  ];
  if (tenth && HOMOPHONE[tenth]) forms.push([`${cn(whole)}度${pick(HOMOPHONE[tenth])}`, v]);
  // Without 度: "三十八六" is 38.6, but neighbouring digits ("三十七八") are a spoken range
  // and "四十二" is forty-two.
  if (tenth) forms.push([`${cn(whole)}${d}`, tenth === (whole % 10) + 1 ? null : whole % 10 === 0 ? whole + tenth : v]);
  if (tenth === 5) forms.push([`${cn(whole)}度半`, v]);
  if (tenth) forms.push([`${cn(whole)}度${d}左右`, v]);
  if (whole >= 38) forms.push([`${cn(whole)}度多`, null]);
  if (whole >= 38) forms.push([`${cn(whole)}度出头`, null]);
  if (tenth >= 1 && tenth <= 8 && whole >= 38) forms.push([`${cn(whole)}度${d}${DIGITS[tenth + 1]}`, null]);
  if (whole === 38 || whole === 39) forms.push([`三${pick(['四', '是'])}${DIGITS[whole - 30]}度${d}`, v]);
  return pick(forms);
}

const FEVER_VALUES = [37.3, 37.4, 37.5, 37.6, 37.8, 37.9, 38, 38.1, 38.2, 38.3, 38.4, 38.5, 38.6, 38.7, 38.8, 38.9, 39, 39.1, 39.2, 39.3, 39.5, 39.6, 39.8, 40, 40.2];
const NORMAL_VALUES = [35.9, 36, 36.1, 36.2, 36.3, 36.4, 36.5, 36.6, 36.7, 36.8, 36.9, 37, 37.1, 37.2];

const PREFIX = ['', '', '', '', '喂,', '嗯,', '呃…', '哦,', '你好,', '啊,是社区啊,', '那个,', '我想想啊,', '哎,', '喂你好,', '嗯嗯,', '哦哦,', '这个嘛,', '是这样,', '啊?哦,', '唉,'];
const NO_TAIL = ['', '', '', ',谢谢', ',辛苦了', ',放心吧', ',你们辛苦了', ',怎么了', ',谢谢关心', ',麻烦你们了', '啊', '哦', '的', ',没事', ',都挺好', ',出啥事了', ',有什么事吗', '呀', ',你们也注意身体', ',好得很'];
const HOME = ['家里', '我们家', '俺家', '我家', '家里人', '我们家里', '屋里', '我屋里', '屋头', '我们这边', '家里老的小的', '我跟老伴', '我们两口子', '一家人', '我们全家', '家里几口人'];
const NO_CORE = [
  (h) => `${h}没人发烧`, (h) => `${h}都没发烧`, (h) => `${h}都不烧`, (h) => `${h}没有发热的`, (h) => `${h}都好好的`,
  (h) => `${h}都正常`, (h) => `${h}体温都正常`, (h) => `${h}没有人发热`, (h) => `${h}谁都没烧`, (h) => `${h}没一个发烧的`,
  (h) => `${h}都没有`, (h) => `没有,${h}都好`, (h) => `没有没有,${h}都挺好`, (h) => `${h}没得人发烧`, (h) => `${h}冇得人发烧`,
  (h) => `${h}莫得发烧的`, (h) => `${h}都健康`, (h) => `${h}没啥事`, (h) => `${h}都没事儿`, (h) => `${h}发烧的没有`,
];
const PERSON = ['我', '我老伴', '我儿子', '我女儿', '孙子', '外孙女', '我妈', '我爸', '老头子', '我爱人', '我婆婆', '我公公', '俺家孩子', '我屋里伢', '阿拉姆妈', '佢', '我个仔', '娃儿', '我老汉', '小宝', '大宝', '二宝', '我媳妇', '我弟弟', '我奶奶', '我老婆', '我老公', '孩子', '小孩', '老人', '我孙女', '我外公', '我丈母娘', '家里老人'];
const FEVER_NOW = ['发烧了', '在发烧', '有点烧', '发热', '发高烧', '烧起来了', '有点低烧', '烧得厉害', '发烧两天了', '今天早上开始发烧', '从昨晚开始烧', '有点寒热', '热度蛮高', '有点发热', '烧得很', '发着烧呢', '一直在烧', '烧还没退', '有啲烧', '发烧咗', '高烧不退', '发了点烧', '额头滚烫'];
const HEDGED_NOW = ['好像有点烧', '可能有点发热', '感觉有点烫', '应该是发烧了吧', '摸着有点热,还没量'];
const SYMPTOMS_SAID = [
  ['还咳嗽', 'cough'], ['有点咳', 'cough'], ['咳得厉害', 'cough'], ['嗓子疼', 'sore_throat'], ['喉咙痛', 'sore_throat'], ['嗓子哑了', 'sore_throat'],
  ['浑身没劲', 'fatigue'], ['没力气', 'fatigue'], ['浑身酸痛', 'fatigue'], ['喘不上气', 'breathing'], ['胸闷', 'breathing'], ['呼吸有点困难', 'breathing'],
  ['拉肚子', 'diarrhea'], ['腹泻', 'diarrhea'], ['闻不到味道', 'loss_of_taste_smell'], ['吃东西没味', 'loss_of_taste_smell'],
];
const RELATIVE = ['我孙子', '我女儿', '我儿子', '我侄子', '我外甥女', '我妹妹', '我姐夫', '我舅舅', '我大姑子', '我小叔子', '我表哥', '我干女儿', '我孙女', '我儿媳'];
const AWAY = ['在北京上班', '在上海读书', '在深圳打工', '在老家', '在国外', '住学校宿舍', '在部队', '在外地出差', '在杭州工作', '住城东他自己家', '嫁到外地了', '在广州'];
const HEARD = ['他说有点烧', '听说发烧了', '前天打电话说发热', '说是阳了在发烧', '那边说烧到三十九度', '她说有点低烧', '发烧请假了'];
const FINE = ['家里我们都好', '我们这边没人发烧', '家里人都没事', '我跟老伴都好', '家里没有', '我们家里都正常', '我们在家的都好好的', '这边家里没人烧'];
const NEIGHBOUR = ['对门那家', '隔壁', '楼上那户', '楼下', '邻居家', '我同事', '我们单位有人', '朋友家孩子', '对面楼', '隔壁单元', '前面那栋楼'];
const NEIGHBOUR_FEVER = ['好像有人发烧', '有人发烧了', '听说发热', '发烧了', '说是在发烧', '有个发高烧的'];
const LONG_AGO = ['前年', '去年', '春节那会儿', '几个月前', '半年前', '年初', '去年冬天', '小时候', '前几年', '大前年', '疫情那年', '去年夏天'];
const PAST_FEVER = ['发过高烧', '烧过一次', '住院发过烧', '发过烧', '烧了好几天'];
const NOW_FINE = ['早就好了', '现在都好', '现在没有', '现在好着呢', '现在没人发烧', '这阵子都没有', '现在身体挺好'];
const RECENT = ['前天', '昨天', '上周', '前几天', '这两天', '大前天', '周末', '昨天晚上', '上礼拜'];
const GONE = ['现在退了', '今天不烧了', '已经好了', '吃了药退了', '今天正常了', '现在没事了', '已经退烧了'];
const CALL_REASON = ['我在开会', '正在开车', '我在上班', '在医院排队', '我在外面', '我在做饭', '带孩子呢', '在地铁上', '我在忙', '我在上课', '我在工地', '刚下飞机', '我在洗澡', '在外面吃饭'];
const CALL_WHEN = ['你八点以后再打', '回头再说', '等我回你电话', '晚点联系', '你晚上再打来', '明天再打吧', '你过半小时再打', '十分钟后打过来', '我一会儿给你回过去', '下午再说', '等下再打', '回家再说', '过一会儿再打', '你中午再打'];
const PLACE = ['厂里', '饭店', '诊所前台', '物业办公室', '公司', '五金店', '幼儿园', '学校', '仓库', '车队', '酒店', '理发店', '修车铺', '单位', '门卫室', '药房', '驾校', '培训班', '快递点', '菜市场管理处', '水果店', '装修公司'];
const PLACE_FORM = [(p) => `这是我们${p}的电话`, (p) => `这号是${p}的`, (p) => `这里是${p}`, (p) => `我们这是${p}`, (p) => `你打的是${p}的电话`, (p) => `这个电话是${p}的,没人住这儿`];
const RHETORIC = [
  () => '谁发烧啊,没人', (h) => `${h}怎么可能发烧`, (h) => `发烧?${h}没那回事`, (h) => `${h}哪有人发烧`, (h) => `别担心,${h}没一个烧的`,
  (h) => `${h}谁发烧了,没有的事`, () => '发什么烧啊,都好着呢', () => '这两天热得慌,不是发烧', () => '天热出汗,不是发烧', (h) => `${h}怎么会发烧呢,没有`,
];

function withPrefix(text) {
  return pick(PREFIX) + text;
}

function grammarFever(n) {
  const items = [];
  const kinds = [
    // plain no wrapped in chatter
    [5, () => item('N', withPrefix(pick(NO_CORE)(pick(HOME))) + pick(NO_TAIL))],
    // current fever, maybe with temperature and symptoms
    [6, () => {
      let text = withPrefix(`${pick(PERSON)}${pick(FEVER_NOW)}`);
      let t = null;
      const symptoms = [];
      if (chance(0.35)) {
        const [said, value] = sayTemperature(pick(FEVER_VALUES));
        text += `,${said}`;
        t = value;
      }
      if (chance(0.35)) {
        const [said, s] = pick(SYMPTOMS_SAID);
        text += `,${said}`;
        symptoms.push(s);
      }
      return item('F', text, t, symptoms);
    }],
    [1, () => item('FU', withPrefix(`${pick(PERSON)}${pick(HEDGED_NOW)}`))],
    // a fever elsewhere, the household well
    [3, () => item('N', `${pick(RELATIVE)}${pick(AWAY)},${pick(HEARD)},${pick(FINE)}`)],
    [3, () => item('N', `${pick(NEIGHBOUR)}${pick(NEIGHBOUR_FEVER)},${pick(FINE)}`)],
    // long ago
    [3, () => item('N', `${pick(['', '我', '孩子', '我老伴', '老人'])}${pick(LONG_AGO)}${pick(PAST_FEVER)},${pick(NOW_FINE)}`)],
    // recent, gone
    [3, () => {
      const said = `${pick(RECENT)}${pick(PERSON)}${pick(['发烧', '烧了', '发热', '有点烧', '烧到三十八度'])}`;
      return item('FU', `${said},${pick(GONE)}`, said.endsWith('三十八度') ? 38 : null);
    }],
    // rhetorical and scoped negation
    [3, () => item('N', withPrefix(pick(RHETORIC)(pick(['', '家里', '我们家', '俺家']))))],
    [2, () => {
      const [said, s] = pick(SYMPTOMS_SAID);
      return item('N', pick([`烧倒是没烧,就是${said}`, `不发烧,就是${said}`, `没发烧,${said}`, `${said},但是没烧`, `发烧没有,${said}`]), null, [s]);
    }],
    // normal temperature
    [2, () => {
      const v = pick(NORMAL_VALUES.filter((x) => x < 37.1));
      const [said, value] = sayTemperature(v);
      return item('N', withPrefix(pick([`量过了,${said}`, `${said},正常`, `都正常,${said}`, `体温${said}`, `刚量的${said}`])), value);
    }],
    [3, () => item('C', withPrefix(`${pick(CALL_REASON)},${pick(CALL_WHEN)}`))],
    [3, () => item('W', withPrefix(pick(PLACE_FORM)(pick(PLACE))))],
  ];
  const total = kinds.reduce((s, [w]) => s + w, 0);
  let guard = 0;
  const seen = new Set();
  while (items.length < n && guard++ < n * 50) {
    let r = rand() * total;
    let make = kinds[0][1];
    for (const [w, f] of kinds) {
      if ((r -= w) < 0) {
        make = f;
        break;
      }
    }
    const it = make();
    if (chance(0.08)) it.text = toTraditional(it.text);
    if (seen.has(it.text)) continue;
    seen.add(it.text);
    items.push(it);
  }
  return items;
}

function grammarTemperature(n) {
  const items = [];
  const seen = new Set();
  let guard = 0;
  while (items.length < n && guard++ < n * 50) {
    let it;
    const k = rand();
    if (k < 0.6) {
      const [said, value] = sayTemperature(pick(FEVER_VALUES));
      it = item('F', withPrefix(pick([said, `${said}`, `量了是${said}`, `${pick(PERSON)}${said}`, `最高${said}`, `刚量的,${said}`, `${said}吧`, `大概${said}`])), value, [], 'temperature');
    } else if (k < 0.85) {
      const [said, value] = sayTemperature(pick(NORMAL_VALUES));
      it = item('FU', withPrefix(pick([`现在${said},退了`, `量了一下${said},退下来了`, `${said}`, `吃了药,${said}`, `今天${said},好多了`])), value, [], 'temperature');
    } else {
      it = item('U', withPrefix(pick(['还没量', '没量', '不知道多少度', '家里没体温计', '体温计找不到了', '没看清楚', '记不得了', '没测过'])) + pick(['', '呢', '啊', ',不好意思']), null, [], 'temperature');
    }
    if (chance(0.08)) it.text = toTraditional(it.text);
    if (seen.has(it.text)) continue;
    seen.add(it.text);
    items.push(it);
  }
  return items;
}

// ---- assemble, deduplicate, split --------------------------------------------------
const dev = new Set(readFileSync(path.join(out, 'answers-dev.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text));

function unique(items) {
  const seen = new Set(dev);
  return items.filter((it) => (seen.has(it.text) ? false : (seen.add(it.text), true)));
}

function split(items, seed) {
  const r = rng(seed);
  const shuffled = items.map((it) => [r(), it]).sort((a, b) => a[0] - b[0]).map(([, it]) => it);
  const cut = Math.round(shuffled.length * 0.7);
  return [shuffled.slice(0, cut), shuffled.slice(cut)];
}

const write = (name, items) => writeFileSync(path.join(out, name), items.map((it) => JSON.stringify(it)).join('\n') + '\n');

const handFever = readdirSync(here).filter((f) => /^fever-hand-\d+\.txt$/.test(f)).sort().flatMap((f) => readHand(f));
const fever = unique([...handFever, ...grammarFever(1000)]);
const temperature = unique([...readHand('temperature-hand.txt', 'temperature'), ...grammarTemperature(190)]);
const [feverTune, feverHoldout] = split(fever, 9001);
const [tempTune, tempHoldout] = split(temperature, 9002);
// Written after the held-out part was first scored, to tune on only (never split).
const tuneOnly = unique([...fever, ...readHand('tune-only-fever.txt')]).slice(fever.length);
write('fever-tune.jsonl', [...feverTune, ...tuneOnly]);
write('fever-holdout.jsonl', feverHoldout);
write('temperature-tune.jsonl', tempTune);
write('temperature-holdout.jsonl', tempHoldout);
// Written after tuning, without looking at the code, and scored once: a second check.
const freshFever = unique([...fever, ...tuneOnly, ...readHand('fresh-fever.txt')]).slice(fever.length + tuneOnly.length);
const freshTemperature = unique([...temperature, ...readHand('fresh-temperature.txt', 'temperature')]).slice(temperature.length);
write('fever-fresh.jsonl', freshFever);
write('temperature-fresh.jsonl', freshTemperature);
console.log(JSON.stringify({ fresh_fever: freshFever.length, fresh_temperature: freshTemperature.length, tune_only: tuneOnly.length, fever: fever.length, hand_fever: handFever.length, temperature: temperature.length, fever_tune: feverTune.length, fever_holdout: feverHoldout.length, temperature_tune: tempTune.length, temperature_holdout: tempHoldout.length }));
