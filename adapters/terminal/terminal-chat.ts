import { createInterface } from 'node:readline';
import type { ConversationHandler, Reply } from '../../bot/conversation-types.js';

export interface TerminalOptions {
  userId: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Interactive terminals get a prompt; piped input is answered line by line without one. */
  interactive: boolean;
}

export function formatReply(reply: Reply): string {
  return reply.text.endsWith('\n') ? reply.text : reply.text + '\n';
}

/** Plain-text chat over any stream: one line in, one reply out; "quit", "exit" or end of input stop it. */
export async function runTerminalChat(engine: ConversationHandler, options: TerminalOptions): Promise<void> {
  const lines = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  const prompt = () => {
    if (options.interactive) options.output.write('> ');
  };
  options.output.write(formatReply(await engine.handle({ kind: 'text', userId: options.userId, text: 'hello' })));
  prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (/^(quit|exit|bye|:q)$/i.test(text)) break;
    try {
      options.output.write(formatReply(await engine.handle({ kind: 'text', userId: options.userId, text: line })));
    } catch (error) {
      options.output.write(`Sorry, something went wrong with that message (${(error as Error).message}). Your history is safe; try again.\n`);
    }
    prompt();
  }
  lines.close();
}
