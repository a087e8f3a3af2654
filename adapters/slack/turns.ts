import type { ConversationHandler, Reply, Turn } from '../../bot/conversation-types.js';
import type { Logger } from '../common/logger.js';

export const TURN_FAILED_TEXT = 'Sorry, something went wrong with that message. Your history is safe; please try again.';

/**
 * Runs engine turns for the Slack listeners after they have acknowledged the request, and keeps the ones in flight
 * so a shutdown can wait for them. A failing turn or delivery is logged and answered with an apology; it never
 * rejects, so one user's failure cannot reach the process or another user.
 */
export class TurnRunner {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly engine: ConversationHandler,
    private readonly logger: Logger,
  ) {}

  run(turn: Turn, deliver: (reply: Reply) => Promise<void>): Promise<void> {
    const job = this.answer(turn, deliver);
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return job;
  }

  /** Resolves once every turn started so far (and any started meanwhile) has been answered. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async answer(turn: Turn, deliver: (reply: Reply) => Promise<void>): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.engine.handle(turn);
    } catch (error) {
      this.logger.error('conversation turn failed', { userId: turn.userId, kind: turn.kind, error });
      reply = { text: TURN_FAILED_TEXT };
    }
    try {
      await deliver(reply);
    } catch (error) {
      this.logger.error('could not deliver a reply', { userId: turn.userId, error });
    }
  }
}
