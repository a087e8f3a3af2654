import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { envHelp } from '../../adapters/common/env.js';
import { createLogger } from '../../adapters/common/logger.js';
import { ModelServer } from '../../adapters/model-server/model-server.js';
import { SERVER_ENV, serverSettings } from '../../adapters/model-server/server-config.js';
import { DEMO_BUNDLE, RECOMMENDER_ENV } from '../../bot/open-recommender.js';
import { loadBundle } from '../../model/recommend.js';

const help = `Usage: flarechat serve [--bundle DIR] [--port N] [--host ADDR] [--batch-window-ms MS] [--max-batch N] [--max-queue N]

The model server: a JSON API over HTTP that bots reach with FLARECHAT_MODEL_URL. A bundle holding model.onnx
(\`flarechat export\`) runs on onnxruntime (CUDA when available, else CPU), otherwise on TensorFlow.js.
Concurrent requests are micro-batched into one model run.

  POST /v1/recommend  {"history": [12, "B00X..."], "critique"?: "A - B - C", "k"?: 10, "exclude"?: [3]}
                      -> {"items": [{"index", "id", "title", "score"}], "model", "backend"}
                      history: catalog indices or item ids, oldest first; empty = a cold-start user (popular items)
                      k: 1..1000 (FLARECHAT_SERVE_MAX_K); critique: at most 500 characters
                      errors: 4xx {"error", "field"}; 503 + Retry-After when the queue is full; 413 over the body limit
  GET /v1/catalog     {"model", "backend", "maxK", "items": [...]}  (what RemoteRecommender loads at open)
  GET /healthz        {"status": "ok", ...} (no token needed)
  GET /metrics        Prometheus text: requests and errors by code, batch sizes, latency, queue depth

Options (flags win over the environment):
  --bundle DIR          bundle folder (default: $FLARECHAT_BUNDLE or demo/bundle)
  --port N              default 8080 (0 picks a free port)
  --host ADDR           default 127.0.0.1
  --batch-window-ms MS  --max-batch N  --max-queue N   micro-batching (defaults 2, 64, 512)
Environment:
${envHelp(SERVER_ENV)}
Clients (bot/open-recommender.ts: the chat and the bots) reach this server with:
${envHelp(RECOMMENDER_ENV)}
SIGINT / SIGTERM stop accepting connections, answer the requests already received, then exit.
`;

export const command: Command = {
  name: 'serve',
  summary: 'run the model server (HTTP JSON API with micro-batching, ONNX Runtime when exported)',
  help,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { bundle: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'batch-window-ms': { type: 'string' }, 'max-batch': { type: 'string' }, 'max-queue': { type: 'string' } },
    });
    const settings = serverSettings(values);
    const model = await loadBundle(values.bundle ?? (process.env.FLARECHAT_BUNDLE?.trim() || DEMO_BUNDLE));
    const logger = createLogger({ secrets: settings.options.token ? [settings.options.token] : [] });
    const server = new ModelServer({ model, logger, ...settings.options });
    const url = await server.listen(settings.port, settings.host);
    const notes = model.backend.notes.length ? ` (${model.backend.notes.join('; ')})` : '';
    process.stdout.write(`model: ${model.describe()}\nbackend: ${model.backend.name}${notes}\nauth: ${settings.options.token ? 'bearer token required' : 'none'}\nlistening on ${url}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        process.stdout.write(`${signal}: draining requests in flight, then exiting\n`);
        void server.close().then(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    model.dispose();
    return 0;
  },
};
