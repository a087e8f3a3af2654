import { ConversationEngine } from './engine.js';
import { openRecommender } from './open-recommender.js';
import { openSessionStore } from './open-store.js';

export interface OpenedConversation {
  engine: ConversationEngine;
  /** The model, for the start-up line. */
  model: string;
  /** Where histories live, for the start-up line. */
  histories: string;
  /** Finishes turns in flight, closes the store, then the model. */
  close(): Promise<void>;
}

/**
 * What every front end opens: the model (FLARECHAT_MODEL_URL's server, else the bundle in this process), the history
 * store, and the engine on both. A store that cannot open leaves no model behind.
 */
export async function openConversation(env: NodeJS.ProcessEnv = process.env, options: { bundle?: string } = {}): Promise<OpenedConversation> {
  const recommender = await openRecommender(env, options);
  let opened: Awaited<ReturnType<typeof openSessionStore>>;
  try {
    opened = await openSessionStore(env);
  } catch (error) {
    await recommender.close?.();
    throw error;
  }
  const engine = new ConversationEngine({ recommender, store: opened.store });
  return {
    engine,
    model: recommender.description,
    histories: opened.where,
    async close() {
      await engine.close();
      await recommender.close?.();
    },
  };
}
