import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../common/logger.js';
import type { SlackMessage } from './blocks.js';
import { slackErrorCode } from './slack-errors.js';

export interface ReplyDestination {
  channelId: string;
  threadTs?: string;
  /** The response_url of a slash command or button press: reaches the user even where the bot cannot post. */
  respond?: RespondFn;
}

/** Why the user did not get the reply in the channel, in words they can act on. */
const UNDELIVERABLE: Record<string, string> = {
  not_in_channel: 'I am not a member of this channel, so only you can see this answer. Invite me with `/invite @flarechat`, or talk to me in a direct message.',
  channel_not_found: 'I cannot post in this conversation, so only you can see this answer. Talk to me in a direct message, or invite me to a channel.',
  is_archived: 'This channel is archived, so only you can see this answer.',
};
const GENERIC_FAILURE = 'Slack did not accept my answer in this channel, so only you can see it.';

/**
 * Posts the reply with chat.postMessage (the WebClient retries 429s itself). When Slack refuses, the failure is
 * logged and, where a response_url exists, the user gets the answer ephemerally with the reason. Never throws;
 * returns the ts of the posted message.
 */
export async function deliverReply(client: webApi.WebClient, destination: ReplyDestination, message: SlackMessage, logger: Logger): Promise<string | undefined> {
  try {
    const posted = await client.chat.postMessage({ channel: destination.channelId, thread_ts: destination.threadTs, text: message.text, blocks: message.blocks });
    return posted.ts;
  } catch (error) {
    const code = slackErrorCode(error);
    logger.warn({ channel: destination.channelId, code: code ?? 'unknown', error }, 'chat.postMessage failed');
    if (!destination.respond) return undefined;
    const note = (code && UNDELIVERABLE[code]) ?? GENERIC_FAILURE;
    try {
      await destination.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `${note}\n${message.text}`,
        blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }, ...message.blocks.slice(0, 49)],
      });
    } catch (respondError) {
      logger.warn({ channel: destination.channelId, error: respondError }, 'the response_url fallback failed too');
    }
    return undefined;
  }
}

/** A short ephemeral answer through the response_url (unknown buttons, tampered values); never throws. */
export async function respondPrivately(respond: RespondFn | undefined, text: string, logger: Logger): Promise<void> {
  if (!respond) return;
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch (error) {
    logger.warn({ error }, 'could not answer through the response_url');
  }
}
