import { webApi } from '@slack/bolt';

/** The Web API error code ("not_in_channel", "invalid_auth") of a failed call, when Slack gave one. */
export function slackErrorCode(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : undefined;
}
