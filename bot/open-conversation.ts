import { shutdownGraceMs } from './deadline.js';
import { ConversationEngine, type EngineOptions } from './engine.js';
import { openRecommender } from './open-recommender.js';
import { openSessionStore } from './open-store.js';
import type { Recommender } from './recommender.js';
import type { SessionStore } from './session-store.js';
import { MessageUnderstanding } from './understanding/index.js';

export interface OpenedConversation {
  engine: ConversationEngine;
  /** The model, for the start-up line. */
  model: string;
  /** Where histories live, for the start-up line. */
  histories: string;
  /** The store the engine keeps user state in (the conversation experiment seeds each simulated user's history). */
  store: SessionStore;
  /** Finishes turns in flight, closes the store, then the model. */
  close(): Promise<void>;
}

export interface OpenConversationOptions {
  bundle?: string;
  /** A recommender the caller made (and closes itself) instead of the bundle or the model server. */
  recommender?: Recommender;
  /** Engine variations (the conversation experiment's systems). */
  engine?: Pick<EngineOptions, 'rankCritiqueFirst'>;
}

/**
 * What every front end opens: the model (FLARECHAT_MODEL_URL's server, else the bundle in this process), the history
 * store, the understanding of messages for the model's catalog, and the engine on all three. A store that cannot open leaves no model behind.
 */
export async function openConversation(env: NodeJS.ProcessEnv = process.env, options: OpenConversationOptions = {}): Promise<OpenedConversation> {
  const owned = options.recommender === undefined;
  const recommender = options.recommender ?? (await openRecommender(env, options));
  let opened: Awaited<ReturnType<typeof openSessionStore>>;
  try {
    opened = await openSessionStore(env);
  } catch (error) {
    if (owned) await recommender.close?.();
    throw error;
  }
  let understanding: MessageUnderstanding;
  try {
    understanding = await MessageUnderstanding.open(recommender.catalog);
  } catch (error) {
    await opened.store.close();
    if (owned) await recommender.close?.();
    throw error;
  }
  const engine = new ConversationEngine({ ...options.engine, recommender, store: opened.store, understanding, shutdownGraceMs: shutdownGraceMs(env) });
  return {
    engine,
    model: recommender.description,
    histories: opened.where,
    store: opened.store,
    async close() {
      await engine.close();
      await understanding.close();
      if (owned) await recommender.close?.();
    },
  };
}
