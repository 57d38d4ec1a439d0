/**
 * Logging with winston: JSON lines when stdout is not a terminal, a readable line on
 * a terminal. Every message and string field passes through the phone mask, so a
 * number never reaches a log in full (138****5678).
 */
import winston from 'winston';
import type { Config } from './config.js';
import { maskPhonesInText } from './util/mask.js';

export type Logger = winston.Logger;

const maskFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    const value = info[key];
    if (typeof value === 'string') info[key] = maskPhonesInText(value);
  }
  return info;
});

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, stream: NodeJS.WritableStream = process.stderr): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && Boolean((stream as { isTTY?: boolean }).isTTY));
  const format = pretty
    ? winston.format.combine(
        maskFormat(),
        winston.format.timestamp({ format: 'HH:mm:ss' }),
        winston.format.colorize(),
        winston.format.printf(({ level, message, timestamp, ...rest }) => {
          const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
          return `${String(timestamp)} ${level} ${String(message)}${extra}`;
        }),
      )
    : winston.format.combine(maskFormat(), winston.format.timestamp(), winston.format.json());
  return winston.createLogger({
    level: config.logLevel,
    format,
    transports: [new winston.transports.Stream({ stream })],
  });
}

/** A logger that drops everything (tests, library use). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
