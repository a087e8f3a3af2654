import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type webApi } from '@slack/bolt';
import type { OnceClaims } from '../../bot/claims.js';
import type { ConversationHandler } from '../../bot/conversation-types.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, settlesWithin } from '../../bot/deadline.js';
import { ConfigError } from '../common/env.js';
import { UnreachableError } from '../common/unreachable.js';
import type { Logger } from '../common/logger.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from './config.js';
import { ThreadMemory } from './conversation.js';
import { DeliveryGuard, signedRequestContext, type SignedRequestContext } from './delivery-guard.js';
import * as actions from './listeners/actions.js';
import * as commands from './listeners/commands.js';
import type { ListenerDeps } from './listeners/deps.js';
import * as events from './listeners/events.js';
import * as messages from './listeners/messages.js';
import { slackErrorCode } from './slack-errors.js';
import { TurnRunner } from './turns.js';

/**
 * Retries on 429 (after Retry-After, which the WebClient honours) and network errors, bounded so a reply is given
 * up on after about a minute instead of the client's default half hour.
 */
export const RETRY_POLICY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 10_000, maxRetryTime: 60_000 };

export interface SlackAppDeps {
  engine: ConversationHandler;
  logger: Logger;
  /**
   * The claims of the store the engine uses: Slack's retries and replays are then run once across every process on
   * that store, not only within this one (delivery-guard.ts).
   */
  claims?: OnceClaims;
  /** How long stop() waits for requests and turns in flight before closing connections (default 10 s). */
  shutdownGraceMs?: number;
}

export interface SlackBot {
  app: App;
  /** Connects (Socket Mode) or listens (HTTP); resolves once events can arrive. */
  start(): Promise<{ port?: number }>;
  /** Stops taking events, then waits (bounded) for the turns in flight to be answered. The engine stays open. */
  stop(): Promise<void>;
}

/**
 * Bolt's HTTP receiver behind the delivery guard: requests with a timestamp more than 5 minutes off (either way) or
 * replaying a signature already received are refused with 401 before Bolt reads them.
 */
function guardedReceiver(config: SlackConfig, guard: DeliveryGuard, log: Logger): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret!,
    logger: boltLogger(log),
    port: config.port,
    // Into the middleware's context, for the shared replay check after Bolt has verified the signature.
    customPropertiesExtractor: (req) => ({ ...signedRequestContext(req.headers) }),
  });
  const verifyAndRun = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const refusal = guard.refusal(req.headers);
    if (!refusal) return verifyAndRun(req, res);
    log.warn({ reason: refusal }, 'refused a Slack request');
    res.writeHead(401, { Connection: 'close' }).end();
    req.resume();
  };
  return receiver;
}

export function createSlackApp(config: SlackConfig, { engine, logger, claims, shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE_MS }: SlackAppDeps): SlackBot {
  const log = logger.child({ adapter: 'slack' });
  const clientOptions: webApi.WebClientOptions = { retryConfig: RETRY_POLICY, ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}) };
  // Deferred, so the token check (auth.test) happens in start(), where a refusal can be reported plainly.
  const common = { token: config.botToken, logger: boltLogger(log), clientOptions, deferInitialization: true };
  const guard = new DeliveryGuard({
    claims,
    onClaimsError: (error) => log.warn({ error }, "the store's delivery claims failed: this delivery is judged by this process's memory alone"),
  });
  const app =
    config.mode === 'socket'
      ? new App({ ...common, appToken: config.appToken, socketMode: true })
      : new App({ ...common, receiver: guardedReceiver(config, guard, log) });
  // Slack retries an event it thinks was not received (slow ack, a connection lost): run each event once, across the
  // processes sharing the store. A request without an event_id (slash command, button) is claimed by its signature.
  app.use(async (args) => {
    const { body, next } = args;
    const context = args.context as typeof args.context & SignedRequestContext;
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      if (!(await guard.firstDelivery(eventId))) {
        log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'ignored a repeated delivery of an event');
        return;
      }
    } else if (context.slackSignature !== undefined && context.slackRequestTimestamp !== undefined && !(await guard.firstRequest(context.slackSignature, context.slackRequestTimestamp))) {
      // Already run by another process: acknowledged (Bolt would otherwise answer 404 after 3 s) and not run again.
      log.warn({ reason: 'it replays a request another process already received' }, 'refused a Slack request');
      await (args as { ack?: () => Promise<void> }).ack?.();
      return;
    }
    await next();
  });
  const runner = new TurnRunner(engine, log);
  const deps: ListenerDeps = { runner, threads: new ThreadMemory(), logger: log };
  for (const listeners of [commands, messages, actions, events]) listeners.register(app, deps);
  app.error(async (error) => {
    log.error({ code: (error as { code?: string }).code, error }, 'unhandled error in a Slack listener');
  });

  let started = false;
  let server: Server | undefined;
  return {
    app,
    async start() {
      try {
        await app.init();
      } catch (error) {
        const code = slackErrorCode(error);
        if (code) throw new ConfigError(`Slack refused SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token again from the app's OAuth & Permissions page`);
        throw new UnreachableError('Slack', config.apiUrl ?? 'https://slack.com/api/', 'SLACK_API_URL', error);
      }
      log.info({ mode: config.mode }, 'Slack accepted the bot token');
      if (config.mode === 'socket') {
        await app.start();
        started = true;
        return {};
      }
      server = (await app.start({ port: config.port, host: config.host })) as Server;
      started = true;
      const address = server.address() as AddressInfo | string | null;
      const port = typeof address === 'object' && address ? address.port : config.port;
      log.info({ port, path: '/slack/events' }, 'listening for Slack requests');
      return { port };
    },
    async stop() {
      // One deadline for both: Bolt's server waits for every open request (a client that never finishes its body
      // would hold it forever), then the turns in flight. At the deadline the connections left are closed.
      const stopping = (async () => {
        if (started) {
          started = false;
          await app.stop();
        }
        await runner.drain();
      })();
      if (!(await settlesWithin(stopping, shutdownGraceMs))) {
        log.warn({ graceMs: shutdownGraceMs }, 'shutdown deadline reached: closing the connections and turns left');
        server?.closeAllConnections();
        await settlesWithin(stopping, 1000);
      }
    },
  };
}
