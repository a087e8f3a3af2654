import type { CliCommand } from '../command.js';
import { BOT_COMMON_ENV, envHelp } from '../../adapters/common/env.js';
import { runTerminalChat } from '../../adapters/terminal/terminal-chat.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';
import { terminalUserId } from '../../bot/user-id.js';

export const command: CliCommand<{ user?: string; bundle?: string }> = {
  define: (cmd) =>
    cmd
      .description(
        `The terminal chat (what \`npm start\` opens). Type what you need in plain words; "help" lists the commands,
"quit" leaves. Reads piped standard input line by line too:
  printf 'recommend\\nsafety gloves instead\\nquit\\n' | npx flarechat chat --user x`,
      )
      .option('--user <name>', 'whose history to use (default: your login name)')
      .option('--bundle <dir>', 'model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)')
      .addHelpText('after', `\nEnvironment:\n${envHelp([...BOT_COMMON_ENV.filter((v) => v.name !== 'FLARECHAT_LOG_LEVEL'), ...RECOMMENDER_ENV])}`),
  async run(options) {
    // Checked before the model loads: a bad name is one line, not a crash or a read of another platform's user.
    const userId = terminalUserId(options.user ?? process.env.USER ?? 'me');
    const { engine, model, histories, close } = await openConversation(process.env, { bundle: options.bundle });
    const interactive = Boolean(process.stdin.isTTY);
    if (interactive) process.stderr.write(`model: ${model}\nhistories: ${histories}\n`);
    await runTerminalChat(engine, { userId, input: process.stdin, output: process.stdout, interactive });
    await close();
    return 0;
  },
};
