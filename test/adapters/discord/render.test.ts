import { ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Reply, ReplyItem } from '../../../bot/conversation-types.js';
import { CUSTOM_ID_LIMIT, parseCustomId } from '../../../adapters/discord/custom-ids.js';
import { RefineValues } from '../../../adapters/discord/refine-values.js';
import { clip, embedLength, LIMITS, renderReply, type DiscordMessage } from '../../../adapters/discord/render.js';

/** Every limit Discord enforces on a message we send; a message breaking one is rejected with a 400. */
function expectWithinDiscordLimits(message: DiscordMessage): void {
  expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(message.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(message.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const embed of message.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(field.value.length).toBeGreaterThan(0);
    }
  }
  expect(message.components.length).toBeLessThanOrEqual(LIMITS.actionRows);
  const customIds: string[] = [];
  for (const row of message.components) {
    const menus = row.components.filter((c) => c.type === ComponentType.StringSelect);
    if (menus.length) expect(row.components).toHaveLength(1);
    else expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const component of row.components) {
      if ('custom_id' in component) customIds.push(component.custom_id);
      if (component.type === ComponentType.Button && 'label' in component) expect(component.label!.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
      if (component.type === ComponentType.StringSelect) {
        expect(component.options.length).toBeLessThanOrEqual(LIMITS.selectOptions);
        expect(new Set(component.options.map((o) => o.value)).size).toBe(component.options.length);
        for (const option of component.options) {
          expect(option.label.length).toBeLessThanOrEqual(LIMITS.optionLabel);
          expect(option.value.length).toBeLessThanOrEqual(100);
          expect(option.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.optionDescription);
        }
      }
    }
  }
  for (const id of customIds) expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
  expect(new Set(customIds).size).toBe(customIds.length);
}

const item = (rank: number, overrides: Partial<ReplyItem> = {}): ReplyItem => ({
  rank,
  itemIndex: 1000 + rank,
  title: `Item ${rank}`,
  categoryPath: 'Industrial & Scientific - Lab & Scientific Products',
  reason: 'popular with people like you',
  ...overrides,
});

function listReply(items: ReplyItem[], extra: Partial<Reply> = {}): Reply {
  const lines = items.map((i) => `${i.rank}. ${i.title}\n   ${i.categoryPath} (${i.reason})`);
  return { text: ['Steering to: Lab (your words)', 'Top picks in Lab:', ...lines].join('\n'), items, listId: '1a2b3c4d', ...extra };
}

const buttons = (message: DiscordMessage) => message.components.flatMap((r) => r.components).filter((c) => c.type === ComponentType.Button);
const menu = (message: DiscordMessage) => message.components.flatMap((r) => r.components).find((c) => c.type === ComponentType.StringSelect);

describe('rendering a reply for Discord', () => {
  it('shows a five-item list as one embed with a field per item, three button rows, the category menu and More', () => {
    const items = [item(1, { price: 12.5 }), item(2), item(3), item(4), item(5)];
    const message = renderReply(listReply(items, { refineOptions: [{ label: 'Lab Supplies', value: 'Industrial & Scientific - Lab & Scientific Products - Lab Supplies' }] }), new RefineValues());
    expectWithinDiscordLimits(message);
    expect(message.content).toBe('');
    expect(message.embeds).toHaveLength(1);
    const [embed] = message.embeds;
    expect(embed!.title).toBe('Top picks in Lab:');
    expect(embed!.description).toBe('Steering to: Lab (your words)');
    expect(embed!.fields!.map((f) => f.name)).toEqual(['#1 Item 1', '#2 Item 2', '#3 Item 3', '#4 Item 4', '#5 Item 5']);
    expect(embed!.fields![0]!.value).toBe('Industrial & Scientific - Lab & Scientific Products\n$12.50\n*popular with people like you*');
    expect(embed!.fields![1]!.value).not.toContain('$');
    expect(message.components).toHaveLength(5);
    expect(buttons(message).map((b) => 'custom_id' in b && parseCustomId(b.custom_id))).toEqual([
      ...items.map((i) => ({ kind: 'item', action: 'like', listId: '1a2b3c4d', itemIndex: i.itemIndex })),
      ...items.map((i) => ({ kind: 'item', action: 'dismiss', listId: '1a2b3c4d', itemIndex: i.itemIndex })),
      ...items.map((i) => ({ kind: 'item', action: 'more-like-this', listId: '1a2b3c4d', itemIndex: i.itemIndex })),
      { kind: 'more', listId: '1a2b3c4d' },
    ]);
    expect(menu(message)).toMatchObject({ custom_id: 'fc:refine:1a2b3c4d', options: [{ label: 'Lab Supplies', value: 'Industrial & Scientific - Lab & Scientific Products - Lab Supplies' }] });
  });

  it('trims a long list of long items to Discord limits and says how many were left out', () => {
    const long = 'Ω'.repeat(900);
    const items = Array.from({ length: 40 }, (_, i) => item(i + 1, { title: `${long} ${i + 1}`, categoryPath: `Industrial & Scientific - ${long}`, reason: long, price: 3 }));
    const message = renderReply(listReply(items, { text: `${'Steering to: '.padEnd(5000, 'x')}\nTop picks in ${long}:\n${items.map((i) => `${i.rank}. ${i.title}`).join('\n')}` }), new RefineValues());
    expectWithinDiscordLimits(message);
    const [embed] = message.embeds;
    const shown = embed!.fields!.length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(40);
    expect(embed!.footer?.text).toBe(`…and ${40 - shown} more not shown`);
    expect(embed!.fields![0]!.name.endsWith('…')).toBe(true);
    expect(buttons(message).filter((b) => 'custom_id' in b && b.custom_id.startsWith('fc:like:'))).toHaveLength(5);
  });

  it('offers at most 25 menu options, with long category paths sent as digests that decode back to the path', () => {
    const refineValues = new RefineValues();
    const options = Array.from({ length: 40 }, (_, i) => {
      const leaf = i % 2 ? `Leaf ${i}` : `${'Very Long Leaf Name '.repeat(8)}${i}`;
      return { label: leaf, value: `Industrial & Scientific - ${'Deep Branch - '.repeat(i % 3 ? 1 : 10)}${leaf}` };
    });
    const message = renderReply(listReply([item(1)], { refineOptions: options }), refineValues);
    expectWithinDiscordLimits(message);
    const offered = menu(message)!;
    if (offered.type !== ComponentType.StringSelect) throw new Error('expected a string select menu');
    expect(offered.options).toHaveLength(25);
    expect(offered.options.filter((o) => o.value.startsWith('#')).length).toBeGreaterThan(0);
    for (const [i, option] of offered.options.entries()) expect(refineValues.decode(option.value)).toBe(options[i]!.value);
    expect(offered.options[0]!.label.startsWith('…')).toBe(true);
    expect(new RefineValues().decode(offered.options[0]!.value)).toBeUndefined();
  });

  it('turns the asking back into a menu of the three closest categories, with no list to refer to', () => {
    const choices = ['A - B - Gloves', 'A - C - Gloves', 'A - D - Gloves'].map((p) => ({ label: p, value: p }));
    const message = renderReply({ text: 'I am not sure which category you mean by "gloves". Did you mean one of these?', choices }, new RefineValues());
    expectWithinDiscordLimits(message);
    expect(message.content).toMatch(/^I am not sure/);
    expect(message.components).toHaveLength(1);
    expect(menu(message)).toMatchObject({ custom_id: 'fc:refine:', placeholder: 'Which category did you mean?' });
    expect(parseCustomId('fc:refine:')).toEqual({ kind: 'refine', listId: '' });
  });

  it('sends short text as plain content and splits a 300-line history over embeds within the 6000-character total', () => {
    expect(renderReply({ text: 'Added "Beaker" to your history.' }, new RefineValues())).toEqual({ content: 'Added "Beaker" to your history.', embeds: [], components: [] });
    const history = ['Your history:', ...Array.from({ length: 300 }, (_, i) => `  ${i + 1}. ${'A fairly long product title '.repeat(2)}${i + 1}`)].join('\n');
    const message = renderReply({ text: history }, new RefineValues());
    expectWithinDiscordLimits(message);
    expect(message.content).toBe('');
    expect(message.embeds[0]!.description).toMatch(/^Your history:\n {2}1\. /);
    const shownLines = message.embeds.map((e) => e.description!).join('\n').split('\n').length;
    expect(shownLines).toBeGreaterThan(50);
    expect(message.embeds.at(-1)!.footer?.text).toBe(`…and ${301 - shownLines} more lines not shown`);
  });

  it('leaves out buttons rather than sending custom ids that would not survive the round trip', () => {
    const message = renderReply(listReply([item(1)], { listId: 'not:safe' }), new RefineValues());
    expectWithinDiscordLimits(message);
    expect(buttons(message)).toHaveLength(0);
    expect(message.embeds[0]!.fields).toHaveLength(1);
  });

  it('never cuts an emoji in half when clipping', () => {
    const clipped = clip('🙂'.repeat(200), LIMITS.title);
    expect(clipped.length).toBeLessThanOrEqual(LIMITS.title);
    expect(clipped.endsWith('🙂…')).toBe(true);
  });
});

describe('custom ids', () => {
  it('round-trip every action, and stay under 100 characters for the longest list id and item index', () => {
    expect(parseCustomId('fc:like:1a2b3c4d:42')).toEqual({ kind: 'item', action: 'like', listId: '1a2b3c4d', itemIndex: 42 });
    expect(parseCustomId('fc:not:1a2b3c4d:0')).toEqual({ kind: 'item', action: 'dismiss', listId: '1a2b3c4d', itemIndex: 0 });
    expect(parseCustomId('fc:similar:1a2b3c4d:7')).toEqual({ kind: 'item', action: 'more-like-this', listId: '1a2b3c4d', itemIndex: 7 });
    expect(parseCustomId('fc:more:1a2b3c4d')).toEqual({ kind: 'more', listId: '1a2b3c4d' });
    const longest = renderReply(listReply([item(1, { itemIndex: 999_999_999 })], { listId: 'x'.repeat(40) }), new RefineValues());
    expectWithinDiscordLimits(longest);
    expect(buttons(longest).length).toBe(4);
  });

  it('reject anything malformed instead of guessing', () => {
    for (const bad of [undefined, 42, '', 'fc', 'fc:like', 'fc:like:abc', 'fc:like:abc:-1', 'fc:like:abc:1.5', 'fc:like:abc:1e3', 'fc:like:abc:1234567890', 'fc:like::1', 'fc:like:a b:1', 'fc:like:abc:1:2', 'fc:more:abc:1', 'fc:refine:abc:x', 'xx:like:abc:1', `fc:like:${'a'.repeat(41)}:1`, `fc:more:${'a'.repeat(120)}`]) {
      expect(parseCustomId(bad)).toBeUndefined();
    }
  });
});
