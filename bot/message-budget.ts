import { setImmediate as nextTurnOfTheEventLoop } from 'node:timers/promises';
import { withoutDisplayControls } from './text-safety.js';

/** Longest message the engine reads; the rest is dropped with a note. */
export const MESSAGE_LIMIT = 2000;
/** Most requests of one message the engine acts on (a pasted list of 200 "like 1" stops here). */
export const MAX_CLAUSES_PER_MESSAGE = 10;
/** Longest piece of a message understood in one go: the event loop is handed back between pieces. */
export const PIECE_LENGTH = 240;

/** Display controls and zero-width characters out, whitespace trimmed, at most MESSAGE_LIMIT characters. */
export function sanitizeMessage(raw: string): { text: string; truncated: boolean } {
  const text = withoutDisplayControls(raw).replace(/[\u200b-\u200d\u2028\u2029\ufeff]/g, ' ').trim();
  return text.length > MESSAGE_LIMIT ? { text: text.slice(0, MESSAGE_LIMIT), truncated: true } : { text, truncated: false };
}

/**
 * A long message cut into pieces of at most PIECE_LENGTH characters, at sentence ends where it can and at spaces
 * otherwise, so understanding it is work in bounded steps. Ordinary messages are one piece, read whole.
 */
export function messagePieces(text: string, pieceLength = PIECE_LENGTH): string[] {
  if (text.length <= pieceLength) return [text];
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) pieces.push(current.trim());
    current = '';
  };
  for (const sentence of text.split(/(?<=[.!?;\n])\s+/)) {
    if (current && current.length + 1 + sentence.length > pieceLength) flush();
    if (sentence.length <= pieceLength) {
      current = current ? `${current} ${sentence}` : sentence;
      continue;
    }
    for (const word of sentence.split(/\s+/)) {
      if (current && current.length + 1 + word.length > pieceLength) flush();
      // A run with no spaces longer than a piece (a pasted blob) is cut where the piece ends.
      for (let start = 0; start < word.length; start += pieceLength) {
        const part = word.slice(start, start + pieceLength);
        if (part.length === pieceLength) {
          flush();
          pieces.push(part);
        } else current = current ? `${current} ${part}` : part;
      }
    }
  }
  flush();
  return pieces;
}

/** Lets other users' turns (and Slack/Discord acknowledgements) run before the next step of a long turn. */
export function yieldToOtherTurns(): Promise<void> {
  return nextTurnOfTheEventLoop();
}
