/** Prometheus metrics of one server (its own registry, so tests can run several). */
import client from 'prom-client';

export interface Metrics {
  registry: client.Registry;
  webhooks: client.Counter<'kind' | 'result'>;
  webhookSeconds: client.Histogram<'kind'>;
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
  };
}
