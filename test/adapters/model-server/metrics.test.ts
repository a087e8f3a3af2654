import { describe, expect, it } from 'vitest';
import { createServerMetrics } from '../../../adapters/model-server/metrics.js';

const value = (text: string, line: string) => Number(new RegExp(`^${line.replace(/[{}"/.+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);

describe('the model server metrics (prom-client)', () => {
  it('count requests by route and code, observe batches into cumulative buckets, and read the queue depth at scrape time', async () => {
    let depth = 3;
    const metrics = createServerMetrics(() => depth);
    metrics.requests.inc({ route: '/v1/recommend', code: '200' });
    metrics.requests.inc({ route: '/v1/recommend', code: '200' });
    metrics.errors.inc({ code: '400' });
    for (const size of [1, 3, 3, 70]) metrics.batchSizes.observe(size);
    const text = await metrics.registry.metrics();
    expect(value(text, 'flarechat_http_requests_total{route="/v1/recommend",code="200"}')).toBe(2);
    expect(value(text, 'flarechat_http_errors_total{code="400"}')).toBe(1);
    // Buckets are cumulative: <=1 holds one batch, <=4 three, <=64 still three, +Inf all four; the sum is 77.
    expect(value(text, 'flarechat_batch_size_bucket{le="1"}')).toBe(1);
    expect(value(text, 'flarechat_batch_size_bucket{le="4"}')).toBe(3);
    expect(value(text, 'flarechat_batch_size_bucket{le="64"}')).toBe(3);
    expect(value(text, 'flarechat_batch_size_bucket{le="+Inf"}')).toBe(4);
    expect(value(text, 'flarechat_batch_size_sum')).toBe(77);
    expect(value(text, 'flarechat_queue_depth')).toBe(3);
    depth = 0;
    expect(value(await metrics.registry.metrics(), 'flarechat_queue_depth')).toBe(0);
  });

  it('include the process metrics: CPU, resident memory, heap and event-loop lag', async () => {
    const metrics = createServerMetrics(() => 0);
    // prom-client counts the CPU used since the metric was made: scraped at once, a busy machine may not have given
    // this process a tick yet (the counter reads 0). Use some, until the kernel has counted it (work, not a timer).
    const since = process.cpuUsage();
    let sum = 0;
    while (process.cpuUsage(since).user === 0) for (let i = 0; i < 100_000; i++) sum += Math.sqrt(i);
    expect(sum).toBeGreaterThanOrEqual(0);
    const text = await metrics.registry.metrics();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']) {
      expect(value(text, name), name).toBeGreaterThan(0);
    }
    // The lag is measured between scrapes: present, and 0 or more on the first one.
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});
