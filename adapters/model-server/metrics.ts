import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The model server's Prometheus metrics (prom-client), in a registry of its own so several servers in one process
 * (tests, benchmarks) do not mix their counts. The process metrics (CPU, resident memory, heap, event-loop lag,
 * open handles, GC) come from prom-client's default collectors.
 */
export function createServerMetrics(queueDepth: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: 'flarechat_http_requests_total', help: 'HTTP requests answered, by route and status code', labelNames: ['route', 'code'] as const, registers }),
    errors: new Counter({ name: 'flarechat_http_errors_total', help: 'HTTP requests answered with a 4xx or 5xx status, by code', labelNames: ['code'] as const, registers }),
    modelRuns: new Counter({ name: 'flarechat_model_runs_total', help: 'model runs (one per micro-batch)', registers }),
    latency: new Histogram({ name: 'flarechat_recommend_duration_seconds', help: 'POST /v1/recommend latency, request received to answer sent', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers }),
    batchSizes: new Histogram({ name: 'flarechat_batch_size', help: 'requests per model run', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers }),
    runSeconds: new Histogram({ name: 'flarechat_model_run_duration_seconds', help: 'duration of one model run', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers }),
    queueDepth: new Gauge({
      name: 'flarechat_queue_depth',
      help: 'requests waiting for a model run',
      registers,
      collect() {
        this.set(queueDepth());
      },
    }),
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
