import type { ConversationHandler, Reply, Turn } from '../../bot/conversation-types.js';
import { InFlight } from '../../bot/in-flight.js';
import type { Logger } from '../common/logger.js';

export const TURN_FAILED_TEXT = 'Sorry, something went wrong with that message. Your history is safe; please try again.';

/**
 * Runs engine turns for the Slack listeners after they have acknowledged the request, and keeps the ones in flight
 * so a shutdown can wait for them. A failing turn or delivery is logged and answered with an apology; it never
 * rejects, so one user's failure cannot reach the process or another user.
 */
export class TurnRunner {
  private readonly inFlight = new InFlight();

  constructor(
    private readonly engine: ConversationHandler,
    private readonly logger: Logger,
  ) {}

  run(turn: Turn, deliver: (reply: Reply) => Promise<void>): Promise<void> {
    return this.inFlight.track(this.answer(turn, deliver));
  }

  /** Resolves once every turn started so far (and any started meanwhile) has been answered. */
  drain(): Promise<void> {
    return this.inFlight.settled();
  }

  private async answer(turn: Turn, deliver: (reply: Reply) => Promise<void>): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.engine.handle(turn);
    } catch (error) {
      this.logger.error({ userId: turn.userId, kind: turn.kind, error }, 'conversation turn failed');
      reply = { text: TURN_FAILED_TEXT };
    }
    try {
      await deliver(reply);
    } catch (error) {
      this.logger.error({ userId: turn.userId, error }, 'could not deliver a reply');
    }
  }
}
