import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { envHelp } from '../../adapters/common/env.js';
import { runTerminalChat } from '../../adapters/terminal/terminal-chat.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';

const help = `Usage: flarechat chat [--user NAME] [--bundle DIR]

The terminal chat (what \`npm start\` opens). Type what you need in plain words; "help" lists the commands,
"quit" leaves. Reads piped standard input line by line too:
  printf 'recommend\\nsafety gloves instead\\nquit\\n' | npx flarechat chat --user x

Options:
  --user NAME     whose history to use (default: your login name)
  --bundle DIR    model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)
Environment:
  FLARECHAT_DATA_DIR   folder of the history store (default ./.flarechat); histories live in sessions.sqlite
  FLARECHAT_BUNDLE     default bundle folder
  FLARECHAT_DATABASE_URL  postgres://... to share histories between bot processes (instead of SQLite)
  FLARECHAT_HISTORY_CAP   items kept per history, oldest trimmed first (default 200)
${envHelp(RECOMMENDER_ENV)}
`;

export const command: Command = {
  name: 'chat',
  summary: 'talk to the recommender in the terminal (npm start)',
  help,
  async run(args) {
    const { values } = parseArgs({ args, options: { user: { type: 'string' }, bundle: { type: 'string' } } });
    const { engine, model, histories, close } = await openConversation(process.env, { bundle: values.bundle });
    const interactive = Boolean(process.stdin.isTTY);
    if (interactive) process.stderr.write(`model: ${model}\nhistories: ${histories}\n`);
    await runTerminalChat(engine, { userId: values.user ?? process.env.USER ?? 'me', input: process.stdin, output: process.stdout, interactive });
    await close();
    return 0;
  },
};
