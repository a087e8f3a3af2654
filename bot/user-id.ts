/**
 * User ids, the key of everything the bot stores. Each front end has its own namespace: Slack ids are
 * `slack:<team>:<user>`, Discord ids `discord:<user>`, terminal names never start with a platform prefix, so a
 * terminal user can never read or change a Slack or Discord user's history.
 */
export const MAX_USER_ID_LENGTH = 256;
export const PLATFORM_PREFIXES = ['slack:', 'discord:'] as const;

export class UserIdError extends Error {
  readonly userFacing = true;
}

/** Why `id` cannot key a user's state, or undefined when it can: bounded length, no control characters (the engine checks every turn's). */
export function userIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_USER_ID_LENGTH) return `is ${id.length} characters long; at most ${MAX_USER_ID_LENGTH} are accepted`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) return 'contains control characters';
  return undefined;
}

/** A terminal `--user NAME`: a valid id outside the Slack and Discord namespaces. */
export function terminalUserId(name: string): string {
  const problem = userIdProblem(name);
  if (problem) throw new UserIdError(`--user ${problem}; pick a shorter plain name`);
  const prefix = PLATFORM_PREFIXES.find((p) => name.toLowerCase().startsWith(p));
  if (prefix) throw new UserIdError(`--user may not start with '${prefix}': that namespace belongs to ${prefix === 'slack:' ? 'Slack' : 'Discord'} users`);
  return name;
}
