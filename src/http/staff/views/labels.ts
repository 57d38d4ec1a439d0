/** Chinese labels of the console, and how phone numbers are shown per role. */
import type { Scope } from '../../../app/accounts.js';
import { maskPhone } from '../../../util/mask.js';

export const ROUND_STATUS_ZH: Record<string, string> = { created: '未开始', running: '进行中', paused: '已暂停', completed: '已完成', cancelled: '已取消' };
export const OUTCOME_ZH: Record<string, string> = {
  fever: '发烧',
  no_fever: '无发烧',
  unclear: '未明确',
  unreachable: '未接通',
  callback: '要求回电',
  wrong_number: '号码错误',
  refused: '拒绝回答',
};
export const REASON_ZH: Record<string, string> = { fever: '发烧', unclear: '未明确', unreachable: '未接通,需上门', wrong_number: '号码错误', refused: '拒绝回答', callback: '要求回电' };
export const STATUS_ZH: Record<string, string> = { open: '待处理', assigned: '已分派', visited: '已走访', closed: '已关闭' };
export const VISIT_ZH: Record<string, string> = {
  fever_referred: '确认发烧,已转介社区卫生服务中心',
  false_alarm: '误报,无发烧',
  nobody_home: '无人在家',
  moved_away: '已搬离',
  number_corrected: '号码已更正',
};
export const ATTEMPT_ZH: Record<string, string> = {
  created: '已创建', queued: '排队', ringing: '振铃', in_progress: '通话中', completed: '已接通', busy: '忙线', no_answer: '无人接听', failed: '失败', canceled: '已取消', lost: '丢失',
};
export const ANSWERED_BY_ZH: Record<string, string> = {
  human: '真人', machine_start: '答录机', machine_end_beep: '答录机', machine_end_silence: '答录机', machine_end_other: '答录机', fax: '传真', unknown: '未知',
};
export const ACTION_ZH: Record<string, string> = {
  'follow_up.assign': '分派', 'follow_up.visit': '走访记录', 'follow_up.close': '关闭', 'follow_up.reopen': '重新打开',
  'call.correct': '更正结果', 'call.again': '立即重拨', 'residents.dnc': '设为免打扰', 'residents.dnc_off': '取消免打扰', 'residents.phone': '更正号码', 'recording.listen': '收听录音',
};

/**
 * Grid workers see numbers masked in lists and exports (a list leaves the device more
 * easily than one household's page); in full only on a household page of their own grid,
 * where they need it to call. Office staff and admins see numbers in full.
 */
export function phoneForList(scope: Scope, phone: string): string {
  return scope.role === 'grid_worker' ? maskPhone(phone) : phone;
}

export function when(d: Date | string | null | undefined, tz = 'Asia/Shanghai'): string {
  if (!d) return '—';
  return new Date(d).toLocaleString('zh-CN', { timeZone: tz, hour12: false });
}

export function address(x: { building: string; unit: string; room: string }): string {
  return [x.building, x.unit, x.room].filter(Boolean).join(' ') || '—';
}
