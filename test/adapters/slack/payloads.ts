import { BOT_USER_ID, TEAM_ID } from './fake-slack.js';

/** Request bodies shaped like the ones Slack sends (docs.slack.dev: slash commands, Events API, block_actions). */

export function slashCommand(fields: { user: string; channel: string; text: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    team_domain: 'flare',
    channel_id: fields.channel,
    channel_name: fields.channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: '/recommend',
    text: fields.text,
    api_app_id: 'A0FLARE',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

let eventCounter = 0;

function eventCallback(event: Record<string, unknown>): string {
  eventCounter += 1;
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    api_app_id: 'A0FLARE',
    event,
    type: 'event_callback',
    event_id: `Ev${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

export function directMessageEvent(fields: { user: string; channel: string; text: string; ts: string; threadTs?: string }): string {
  return eventCallback({
    type: 'message',
    channel: fields.channel,
    channel_type: 'im',
    user: fields.user,
    text: fields.text,
    ts: fields.ts,
    event_ts: fields.ts,
    team: TEAM_ID,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
  });
}

export function appMentionEvent(fields: { user: string; channel: string; text: string; ts: string }): string {
  return eventCallback({ type: 'app_mention', channel: fields.channel, user: fields.user, text: fields.text, ts: fields.ts, event_ts: fields.ts, team: TEAM_ID });
}

export interface PressedButton {
  action_id: string;
  block_id: string;
  value?: string;
  type?: string;
  selected_option?: { text: { type: 'plain_text'; text: string }; value: string };
}

export function blockActions(fields: { user: string; channel: string; messageTs: string; threadTs?: string; responseUrl: string; action: PressedButton }): string {
  const payload = {
    type: 'block_actions',
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0FLARE',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: fields.messageTs, channel_id: fields.channel, is_ephemeral: false, ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) },
    trigger_id: '1.2.3',
    team: { id: TEAM_ID, domain: 'flare' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channel, name: 'general' },
    message: { type: 'message', ts: fields.messageTs, ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}), text: 'list' },
    response_url: fields.responseUrl,
    actions: [{ type: 'button', action_ts: String(Date.now() / 1000), ...fields.action }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
