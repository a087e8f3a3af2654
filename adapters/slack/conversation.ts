/** Where a Slack conversation lives: the workspace, the channel (or DM) and the person talking to the bot. */
export interface SlackConversation {
  teamId: string;
  channelId: string;
  slackUserId: string;
}

/**
 * The engine's user id for a Slack user. Namespaced by platform and workspace, so a Slack user never shares a
 * history with a Discord or terminal user of the same name, nor with a user of another workspace.
 */
export function engineUserId(teamId: string, slackUserId: string): string {
  return `slack:${teamId}:${slackUserId}`;
}

/** Direct-message channel ids start with D; replies there stay at the top level, as in any DM. */
export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith('D');
}

const MAX_REMEMBERED = 10_000;

/**
 * The thread each channel conversation continues in: the first reply in a channel opens it, later replies
 * (buttons, slash commands) go there. Bounded, oldest forgotten first; forgetting only means a new thread.
 */
export class ThreadMemory {
  private readonly threads = new Map<string, string>();

  constructor(private readonly capacity = MAX_REMEMBERED) {}

  private key(c: SlackConversation): string {
    return `${c.teamId}:${c.channelId}:${c.slackUserId}`;
  }

  get(conversation: SlackConversation): string | undefined {
    return this.threads.get(this.key(conversation));
  }

  remember(conversation: SlackConversation, threadTs: string): void {
    if (isDirectMessage(conversation.channelId)) return;
    const key = this.key(conversation);
    this.threads.delete(key);
    this.threads.set(key, threadTs);
    if (this.threads.size > this.capacity) this.threads.delete(this.threads.keys().next().value!);
  }
}
