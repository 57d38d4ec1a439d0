import { recogniseYesNo } from '../../../src/core/dialogue/yesNo.js';
import type { YesNo } from '../../../src/core/dialogue/yesNo.js';

const CASES: Array<[name: string, text: string, digits: string | undefined, expected: YesNo | null]> = [
  ['对', '对', undefined, 'yes'],
  ['对的', '对的', undefined, 'yes'],
  ['是', '是', undefined, 'yes'],
  ['是的', '是的', undefined, 'yes'],
  ['没错', '没错', undefined, 'yes'],
  ['嗯', '嗯', undefined, 'yes'],
  ['嗯嗯，对', '嗯嗯，对。', undefined, 'yes'],
  ['Traditional 對', '對', undefined, 'yes'],
  ['Traditional 是的', '是的。', undefined, 'yes'],
  ['Traditional 沒錯', '沒錯', undefined, 'yes'],
  ['spoken key 一', '一', undefined, 'yes'],
  ['key 1', '', '1', 'yes'],
  ['不对', '不对', undefined, 'no'],
  ['Traditional 不對', '不對', undefined, 'no'],
  ['不是', '不是', undefined, 'no'],
  ['错了', '错了', undefined, 'no'],
  ['Traditional 錯了', '錯了', undefined, 'no'],
  ['不对，是三十八度五', '不对，是三十八度五', undefined, 'no'],
  ['不', '不', undefined, 'no'],
  ['key 2', '', '2', 'no'],
  ['spoken key 二', '二', undefined, 'no'],
  ['key wins over speech', '对', '2', 'no'],
  ['silence', '', undefined, null],
  ['whitespace only', '  ', '', null],
  ['unrelated', '啊？', undefined, null],
  ['a number only', '三十八度五', undefined, null],
  ['other key', '', '9', null],
  ['typed temperature is not a yes', '', '385', null],
];

describe('recogniseYesNo', () => {
  it.each(CASES)('%s', (_name, text, digits, expected) => {
    expect(recogniseYesNo(text, digits)).toBe(expected);
  });
});
