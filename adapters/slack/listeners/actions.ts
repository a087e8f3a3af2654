import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeAction, type PressedElement } from '../action-ids.js';
import { engineUserId, isDirectMessage } from '../conversation.js';
import { respondPrivately } from '../delivery.js';
import { answerInConversation, type ListenerDeps } from './deps.js';

export const UNKNOWN_ACTION_TEXT = 'Sorry, I do not recognise that button (it may belong to an older version of me). Say "recommend" for a fresh list.';

type BlockActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

function pressedElement(action: BlockActionArgs['action']): PressedElement {
  const fields = action as { value?: unknown; selected_option?: { value?: unknown } | null };
  return {
    action_id: action.action_id,
    block_id: action.block_id,
    value: typeof fields.value === 'string' ? fields.value : undefined,
    selected_option: typeof fields.selected_option?.value === 'string' ? { value: fields.selected_option.value } : undefined,
  };
}

/** Buttons and the refine menu: acknowledged at once, decoded into an engine action, answered where the list was. */
export function blockAction(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: BlockActionArgs): Promise<void> => {
    await ack();
    const decoded = decodeAction(pressedElement(action));
    if (!decoded) {
      deps.logger.warn({ actionId: action.action_id.slice(0, 100) }, 'ignored an unknown or malformed action');
      await respondPrivately(respond, UNKNOWN_ACTION_TEXT, deps.logger);
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? body.enterprise?.id ?? 'unknown';
    const channelId = body.channel?.id ?? body.container?.channel_id;
    const turn = { kind: 'action' as const, userId: engineUserId(teamId, body.user.id), ...decoded };
    if (!channelId) {
      // A press outside a conversation (e.g. App Home) can only be answered through the response_url.
      await deps.runner.run(turn, (reply) => respondPrivately(respond, reply.text, deps.logger));
      return;
    }
    const listTs: string | undefined = body.message?.ts ?? body.container?.message_ts;
    const threadTs: string | undefined = body.message?.thread_ts ?? body.container?.thread_ts ?? (isDirectMessage(channelId) ? undefined : listTs);
    await answerInConversation(deps, client, { teamId, channelId, slackUserId: body.user.id }, turn, { threadTs, respond });
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>({ type: 'block_actions' }, blockAction(deps));
}
