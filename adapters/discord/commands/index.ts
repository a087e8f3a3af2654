import type { ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordDeps } from '../turns.js';
import * as critique from './critique.js';
import * as history from './history.js';
import * as recommend from './recommend.js';
import * as reset from './reset.js';

/** One module per slash command, as in the discord.js guide: its definition and what it does. */
export interface SlashCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void>;
}

export const slashCommands: ReadonlyMap<string, SlashCommand> = new Map([recommend, critique, history, reset].map((c) => [c.data.name, c]));
