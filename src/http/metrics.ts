/** Prometheus metrics of one server (its own registry, so tests can run several). */
import client from 'prom-client';
import type { DatabaseHealth } from '../adapters/store/postgres/health.js';

export interface Metrics {
  registry: client.Registry;
  webhooks: client.Counter<'kind' | 'result'>;
  webhookSeconds: client.Histogram<'kind'>;
  /** Recorded answers sent to speech-to-text, and those that fell back (fetch, recogniser, timeout). */
  sttRequests: client.Counter<'result'>;
  sttSeconds: client.Histogram;
  /** Prompts synthesized (cache misses) and synthesis failures. */
  ttsSyntheses: client.Counter<'result'>;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    webhooks: new client.Counter({ name: 'tiwen_webhooks_total', help: 'Carrier webhooks handled', labelNames: ['kind', 'result'], registers: [registry] }),
    webhookSeconds: new client.Histogram({
      name: 'tiwen_webhook_seconds',
      help: 'Time to answer a carrier webhook',
      labelNames: ['kind'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    sttRequests: new client.Counter({ name: 'tiwen_stt_requests_total', help: 'Recorded answers recognised (result ok) or fallen back (fetch_failed, stt_failed, timeout)', labelNames: ['result'], registers: [registry] }),
    sttSeconds: new client.Histogram({ name: 'tiwen_stt_seconds', help: 'Recording fetch plus speech-to-text per answer', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8], registers: [registry] }),
    ttsSyntheses: new client.Counter({ name: 'tiwen_tts_syntheses_total', help: 'Prompts synthesized by text-to-speech (cache misses), by result', labelNames: ['result'], registers: [registry] }),
  };
}

/** Database outages as this process saw them: up or not, how many, how long in all. */
export function registerDatabaseMetrics(metrics: Metrics, health: DatabaseHealth): void {
  const registers = [metrics.registry];
  new client.Gauge({
    name: 'tiwen_database_up',
    help: '1 while the database answers, 0 during an outage',
    registers,
    collect() {
      this.set(health.isUp ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'tiwen_database_outages',
    help: 'Database outages seen since the process started',
    registers,
    collect() {
      this.set(health.snapshot().outages);
    },
  });
  new client.Gauge({
    name: 'tiwen_database_down_seconds',
    help: 'Seconds the database was unreachable since the process started (the current outage included)',
    registers,
    collect() {
      this.set(health.snapshot().downSeconds);
    },
  });
}
