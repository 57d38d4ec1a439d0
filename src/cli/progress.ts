/** The live progress bar of a round in the terminal (cli-progress). */
import cliProgress from 'cli-progress';
import type { DemoProgress } from '../app/demo/runDemo.js';

export interface ProgressView {
  update(p: DemoProgress): void;
  stop(): void;
}

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A bar on stderr when it is a terminal; otherwise nothing (logs and --json stay clean). */
export function progressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | placed {placed} answered {answered} done {value}/{total} | fever {fever} | {cps} calls/s | lines {lines} | ETA {eta}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      const payload = { placed: p.placed, answered: p.answered, fever: p.fever, cps: p.cps.toFixed(1), lines: p.linesInUse, eta: eta(p.etaSeconds) };
      if (!started) {
        bar.start(p.households, p.done, payload);
        started = true;
      } else {
        bar.setTotal(p.households);
        bar.update(p.done, payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
