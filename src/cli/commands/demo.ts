import { Option, type Command } from 'commander';
import type { Config } from '../../config.js';
import { createLogger } from '../../log.js';
import { runDemo, type DemoResult } from '../../app/demo/runDemo.js';
import { untilSignal } from '../../app/runtime.js';
import { ensureDemoAdmin } from '../../app/accounts.js';
import { loadScenario } from '../../adapters/telephony/simulator/index.js';
import { positiveNumber, wholeNumber } from '../options.js';
import { progressView } from '../progress.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';

interface DemoFlags {
  residents: number;
  cps: number;
  lines: number;
  scenario?: string;
  callLog?: string;
  stt?: 'gather' | 'google';
  tts?: 'say' | 'google';
  json?: boolean;
}

function printSummary(ctx: CliContext, r: DemoResult): void {
  ctx.print('');
  ctx.print(`round finished in ${r.wall_seconds} s: ${r.households} households, ${r.attempts} dial attempts, ${r.completed} completed`);
  ctx.print(`  fever ${r.fever} · no fever ${r.no_fever} · unclear ${r.unclear} · unreachable ${r.unreachable} · callback ${r.callback} · wrong number ${r.wrong_number} · refused ${r.refused}`);
  ctx.print(`  follow-ups for staff: ${r.follow_ups}`);
  ctx.print(`  at the carrier: at most ${r.max_cps_observed} calls in any one second, at most ${r.max_lines_observed} lines in use`);
  const s = r.speech;
  ctx.print(
    `  speech (${s.stt} / ${s.tts}): answer to first prompt ${s.answer_to_first_prompt_s.median ?? '-'} s median, ${s.answer_to_first_prompt_s.p99 ?? '-'} s p99; ` +
      `turn latency ${s.turn_latency_ms.median ?? '-'} ms median, ${s.turn_latency_ms.p99 ?? '-'} ms p99; ${s.syntheses} prompts synthesized`,
  );
}

/** Runs the demo round; with `serve`, keeps the page up until Ctrl-C. */
async function demo(ctx: CliContext, flags: DemoFlags, serve: boolean): Promise<void> {
  const config: Config = ctx.config();
  const { pool } = await ctx.db();
  const scenario = flags.scenario ? loadScenario(flags.scenario) : undefined;
  const bar = !flags.json && Boolean(process.stderr.isTTY);
  const progress = bar ? progressView() : { update: () => undefined, stop: () => undefined };
  // Under the live bar only errors are logged (the demo scenario injects carrier faults on
  // purpose; their warnings would break the bar); LOG_LEVEL still wins when set.
  const logger = bar && !process.env.LOG_LEVEL ? createLogger({ ...config, logLevel: 'error' }) : ctx.logger();
  if (!flags.json) ctx.print(`demo: ${flags.residents} households, ${flags.cps} calls/s, ${flags.lines} lines, against the built-in carrier simulator`);
  const run = await runDemo(pool, config, logger, {
    residents: flags.residents,
    cps: flags.cps,
    lines: flags.lines,
    ...(scenario ? { scenario } : {}),
    ...(flags.callLog ? { callLogPath: flags.callLog } : {}),
    ...(flags.stt ? { stt: flags.stt } : {}),
    ...(flags.tts ? { tts: flags.tts } : {}),
    port: serve ? config.http.port : 0,
    keepServer: serve,
    onProgress: (p) => progress.update(p),
  });
  progress.stop();
  ctx.onClose(() => run.close());
  if (flags.json) ctx.printJson(run.result);
  else printSummary(ctx, run.result);
  if (serve) {
    const admin = await ensureDemoAdmin(pool);
    const lines = [
      `web page: ${run.server.url}/rounds/${run.roundId} (round ${run.roundId}) — press Ctrl-C to stop`,
      `login: ${admin.username} / ${admin.password} (demo administrator; a new password at every start)`,
    ];
    // With --json the JSON object stays the last line of stdout.
    for (const line of lines) {
      if (flags.json) process.stderr.write(line + '\n');
      else ctx.print(line);
    }
    await untilSignal();
    ctx.logger().info('stopping');
  }
}

function demoOptions(cmd: Command): Command {
  return cmd
    .option('--residents <n>', 'households in the demo community', wholeNumber('--residents', 1, 1_000_000), 10_000)
    .option('--cps <n>', 'calls per second', positiveNumber('--cps', 1000), 120)
    .option('--lines <n>', 'simultaneous calls', wholeNumber('--lines', 1, 100_000), 400)
    .option('--scenario <file>', 'simulator scenario (JSON; see src/adapters/telephony/simulator/README.md)')
    .option('--call-log <file>', 'write the simulator\'s call log (JSONL) here')
    .addOption(new Option('--stt <how>', 'listening: gather (the carrier recognises) or google (<Record> + Google Speech-to-Text; the simulator is the Google endpoint unless TIWEN_GOOGLE_SPEECH_ENDPOINT is set)').choices(['gather', 'google']))
    .addOption(new Option('--tts <how>', 'speaking: say (<Say>) or google (Google Text-to-Speech, <Play>; the simulator is the endpoint unless TIWEN_GOOGLE_TTS_ENDPOINT is set)').choices(['say', 'google']))
    .option('--json', 'print the result as one JSON object');
}

export const registerDemo: RegisterCommand = (program, ctx) => {
  demoOptions(program.command('demo').description('run a whole screening round of the demo community against the built-in simulator, then exit')).action(
    (flags: DemoFlags) => demo(ctx, flags, false),
  );
  demoOptions(program.command('start').description('the main job (npm start): the demo round with its live web page, until Ctrl-C')).action((flags: DemoFlags) =>
    demo(ctx, flags, true),
  );
};
