import type { CliCommand } from '../command.js';
import { envHelp } from '../../adapters/common/env.js';
import { createLogger } from '../../adapters/common/logger.js';
import { ModelServer } from '../../adapters/model-server/model-server.js';
import { SERVER_ENV, serverSettings } from '../../adapters/model-server/server-config.js';
import { DEMO_BUNDLE, RECOMMENDER_ENV } from '../../bot/open-recommender.js';
import { loadBundle } from '../../model/recommend.js';

const description = `The model server: a JSON API over HTTP that bots reach with FLARECHAT_MODEL_URL. A bundle holding model.onnx
(\`flarechat export\`) runs on onnxruntime (CUDA when available, else CPU), otherwise on TensorFlow.js.
Concurrent requests are micro-batched into one model run.

  POST /v1/recommend  {"history": [12, "B00X..."], "critique"?: "A - B - C", "k"?: 10, "exclude"?: [3]}
                      -> {"items": [{"index", "id", "title", "score"}], "model", "backend"}
                      history: catalog indices or item ids, oldest first; empty = a cold-start user (popular items)
                      k: 1..1000 (FLARECHAT_SERVE_MAX_K); critique: at most 500 characters
                      errors: 4xx {"error", "field"}; 503 + Retry-After when the queue is full; 413 over the body limit
  POST /v1/items      {"items": [{"id", "title", "categories", "brand"?, "price"?}]} -> {"added", "alreadyPresent", "items", ...}
                      adds items to a Flare bundle without a restart (as \`flarechat add-items\`: written to the bundle
                      folder, then swapped in while requests keep being answered); only with --bundle or
                      FLARECHAT_BUNDLE (the shipped demo bundle stays read-only: 403)
  GET /v1/catalog     {"model", "backend", "maxK", "items": [...]}  (what RemoteRecommender loads at open)
  GET /healthz        {"status": "ok", ...} (no token needed)
  GET /metrics        Prometheus text: requests and errors by code, batch sizes, latency, queue depth, and the
                      process metrics (CPU, memory, event loop lag, heap)

Options win over the environment.`;

const environment = `
Environment:
${envHelp(SERVER_ENV)}
Clients (bot/open-recommender.ts: the chat and the bots) reach this server with:
${envHelp(RECOMMENDER_ENV)}
SIGINT / SIGTERM stop accepting connections, answer the requests already received (for up to
FLARECHAT_SERVE_SHUTDOWN_GRACE_MS, then close the connections left), then exit.`;

interface ServeOptions {
  bundle?: string;
  port?: string;
  host?: string;
  batchWindowMs?: string;
  maxBatch?: string;
  maxQueue?: string;
}

export const command: CliCommand<ServeOptions> = {
  define: (cmd) =>
    cmd
      .description(description)
      .option('--bundle <dir>', 'bundle folder (default: $FLARECHAT_BUNDLE or demo/bundle)')
      .option('--port <n>', 'port (default 8080; 0 picks a free port)')
      .option('--host <addr>', 'interface (default 127.0.0.1)')
      .option('--batch-window-ms <ms>', 'how long a request waits for others to batch with (default 2)')
      .option('--max-batch <n>', 'requests per model run at most (default 64)')
      .option('--max-queue <n>', 'waiting requests beyond which 503 + Retry-After (default 512)')
      .addHelpText('after', environment),
  async run(values) {
    // Validated with the environment by serverSettings, which names the flag or the variable at fault.
    const settings = serverSettings({ port: values.port, host: values.host, 'batch-window-ms': values.batchWindowMs, 'max-batch': values.maxBatch, 'max-queue': values.maxQueue });
    const chosen = values.bundle ?? process.env.FLARECHAT_BUNDLE?.trim();
    const model = await loadBundle(chosen || DEMO_BUNDLE);
    const logger = createLogger({ secrets: settings.options.token ? [settings.options.token] : [] });
    const server = new ModelServer({ model, logger, ...(chosen ? { itemsBundle: chosen } : {}), ...settings.options });
    const url = await server.listen(settings.port, settings.host);
    const notes = model.backend.notes.length ? ` (${model.backend.notes.join('; ')})` : '';
    process.stdout.write(`model: ${model.describe()}\nbackend: ${model.backend.name}${notes}\nauth: ${settings.options.token ? 'bearer token required' : 'none'}\nlistening on ${url}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        process.stdout.write(`${signal}: draining requests in flight, then exiting\n`);
        void server.close().then((cutOff) => {
          if (cutOff > 0) process.stdout.write(`closed ${cutOff} connection(s) whose requests did not finish within the shutdown grace\n`);
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    // POST /v1/items may have swapped the model: dispose the one in use.
    server.currentModel.dispose();
    return 0;
  },
};
