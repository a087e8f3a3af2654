import { MessageFlags, type AnySelectMenuInteraction, type ButtonInteraction } from 'discord.js';
import { parseCustomId } from './custom-ids.js';
import { clip } from './render.js';
import { answerWithTurn, type DiscordDeps } from './turns.js';

export const UNKNOWN_CONTROL = 'Sorry, I do not recognise that button or menu (it may come from an older version of me). Try /recommend for a fresh list.';
export const MENU_EXPIRED = 'That menu is from before I restarted, so I cannot tell which category it offered. Try /recommend for a fresh list.';

/**
 * A press on a button or a choice in a menu, as an action turn of the presser. Whose list it was is the engine's
 * business: it only honours presses on the presser's own latest list and calls anything else expired.
 */
export async function handleComponent(interaction: ButtonInteraction | AnySelectMenuInteraction, deps: DiscordDeps): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  const isMenu = interaction.isStringSelectMenu();
  if (!parsed || (parsed.kind === 'refine') !== isMenu) {
    deps.logger.warn({ customId: clip(String(interaction.customId), 100), componentType: interaction.componentType }, 'unrecognised component');
    await interaction.reply({ content: UNKNOWN_CONTROL, flags: MessageFlags.Ephemeral });
    return;
  }
  switch (parsed.kind) {
    case 'item':
      return answerWithTurn(interaction, { kind: 'action', action: parsed.action, listId: parsed.listId, itemIndex: parsed.itemIndex }, deps);
    case 'more':
      return answerWithTurn(interaction, { kind: 'action', action: 'more', listId: parsed.listId }, deps);
    case 'refine': {
      const path = isMenu ? deps.refineValues.decode(interaction.values[0] ?? '') : undefined;
      if (!path) {
        await interaction.reply({ content: MENU_EXPIRED, flags: MessageFlags.Ephemeral });
        return;
      }
      return answerWithTurn(interaction, { kind: 'action', action: 'refine', listId: parsed.listId, value: path }, deps);
    }
  }
}
