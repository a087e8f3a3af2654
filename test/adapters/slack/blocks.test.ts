import { describe, expect, it } from 'vitest';
import { decodeAction, MORE_ACTION_ID, REFINE_ACTION_ID } from '../../../adapters/slack/action-ids.js';
import { renderReply, SLACK_LIMITS } from '../../../adapters/slack/blocks.js';
import type { Reply, ReplyItem } from '../../../bot/conversation-types.js';
import { itemsOf, type BlockJson } from './support.js';

function item(rank: number, overrides: Partial<ReplyItem> = {}): ReplyItem {
  return { rank, itemIndex: 100 + rank, title: `Nitrile gloves <size ${rank}> & co`, categoryPath: 'Industrial & Scientific - Lab Supplies - Gloves', reason: 'matches Gloves', ...overrides };
}

function list(count: number, extra: Partial<Reply> = {}): Reply {
  const items = Array.from({ length: count }, (_, i) => item(i + 1));
  const lines = items.map((i) => `${i.rank}. ${i.title}\n   ${i.categoryPath} (${i.reason})`);
  return { text: ['Steering to: Gloves (your words)', 'Top picks in Gloves:', ...lines].join('\n'), items, listId: 'ab12cd34', ...extra };
}

const render = (reply: Reply) => {
  const message = renderReply(reply);
  return { ...message, blocks: message.blocks as unknown as BlockJson[] };
};

/** Every text and value in a message against Slack's per-element limits. */
function expectWithinLimits(blocks: BlockJson[], fallback: string) {
  expect(fallback.length).toBeGreaterThan(0);
  expect(fallback.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  for (const block of blocks) {
    if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    for (const element of block.elements ?? []) {
      if (element.type === 'button') {
        expect(element.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(element.value!.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
      }
      if (element.type === 'static_select') {
        expect(element.options!.length).toBeLessThanOrEqual(SLACK_LIMITS.selectOptions);
        for (const o of element.options!) {
          expect(o.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.optionText);
          expect(o.value.length).toBeLessThanOrEqual(SLACK_LIMITS.optionValue);
        }
      }
    }
  }
}

describe('Block Kit rendering of a reply', () => {
  it('shows the intro once, a section per item with price, three buttons that decode to engine actions, More and the refine menu', () => {
    const reply = list(3, { refineOptions: [{ label: 'Nitrile', value: 'Industrial & Scientific - Lab Supplies - Gloves - Nitrile' }] });
    reply.items![1]!.price = 12.5;
    const { text, blocks } = render(reply);
    expect(text).toBe(reply.text);
    expect(blocks[0]!.text!.text).toBe('Steering to: Gloves (your words)\nTop picks in Gloves:');
    const items = itemsOf(blocks);
    expect(items.map((i) => i.text)).toEqual([
      '*1. Nitrile gloves &lt;size 1&gt; &amp; co*\nIndustrial &amp; Scientific - Lab Supplies - Gloves\n_matches Gloves_',
      '*2. Nitrile gloves &lt;size 2&gt; &amp; co*\nIndustrial &amp; Scientific - Lab Supplies - Gloves · $12.50\n_matches Gloves_',
      '*3. Nitrile gloves &lt;size 3&gt; &amp; co*\nIndustrial &amp; Scientific - Lab Supplies - Gloves\n_matches Gloves_',
    ]);
    const pressed = items[1]!.buttons.map((b) => decodeAction({ action_id: b.action_id!, value: b.value }));
    expect(pressed).toEqual([
      { action: 'like', listId: 'ab12cd34', itemIndex: 102 },
      { action: 'dismiss', listId: 'ab12cd34', itemIndex: 102 },
      { action: 'more-like-this', listId: 'ab12cd34', itemIndex: 102 },
    ]);
    const ids = blocks.flatMap((b) => (b.elements ?? []).map((e) => e.action_id)).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);

    const footer = blocks.at(-1)!;
    const more = footer.elements!.find((e) => e.action_id === MORE_ACTION_ID)!;
    expect(decodeAction({ action_id: more.action_id!, value: more.value })).toEqual({ action: 'more', listId: 'ab12cd34' });
    const menu = footer.elements!.find((e) => e.action_id === REFINE_ACTION_ID)!;
    expect(menu.options).toEqual([{ text: { type: 'plain_text', text: 'Nitrile' }, value: 'Industrial & Scientific - Lab Supplies - Gloves - Nitrile' }]);
    expect(decodeAction({ action_id: menu.action_id!, block_id: footer.block_id, selected_option: { value: menu.options![0]!.value } })).toEqual({
      action: 'refine',
      listId: 'ab12cd34',
      value: 'Industrial & Scientific - Lab Supplies - Gloves - Nitrile',
    });
  });

  it('offers the ask-back choices as buttons that steer to the chosen category', () => {
    const deep = `Industrial & Scientific - ${'Lab Instruments & Equipment - '.repeat(3)}Glass Slides`;
    const choices = ['A - B - Gloves', 'A - C - Glue', deep].map((p) => ({ label: p, value: p }));
    const { blocks } = render({ text: 'I am not sure which category you mean by "gl".', choices });
    const buttons = blocks.find((b) => b.block_id?.startsWith('flarechat:choices'))!.elements!;
    expect(buttons.map((b) => b.text!.text)).toEqual(['1. A - B - Gloves', '2. A - C - Glue', '3. … - Lab Instruments & Equipment - Glass Slides']);
    expect(decodeAction({ action_id: buttons[2]!.action_id!, value: buttons[2]!.value })?.value).toBe(deep);
    expect(decodeAction({ action_id: buttons[1]!.action_id!, value: buttons[1]!.value })).toEqual({ action: 'refine', listId: '', value: 'A - C - Glue' });
  });

  it('trims a list too long for one message to 50 blocks and says how many items were left out', () => {
    const refineOptions = Array.from({ length: 120 }, (_, i) => ({ label: `Category number ${i} with a label far longer than the seventy-five characters Slack allows`, value: `Top - Category ${i}` }));
    refineOptions.push({ label: 'Too deep', value: `Top - ${'Very Deep Level - '.repeat(10)}Leaf` });
    const { text, blocks } = render(list(40, { refineOptions }));
    expectWithinLimits(blocks, text);
    const shown = itemsOf(blocks).length;
    expect(shown).toBeGreaterThan(15);
    expect(blocks).toContainEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `${40 - shown} more items did not fit in one Slack message.` }] });
    const menu = blocks.at(-1)!.elements!.find((e) => e.type === 'static_select')!;
    expect(menu.options).toHaveLength(SLACK_LIMITS.selectOptions);
    expect(menu.options!.some((o) => o.value.includes('Very Deep'))).toBe(false);
  });

  it('splits a long answer over several sections and cuts overlong titles and fallback text', () => {
    const history = ['Your history (oldest first):', ...Array.from({ length: 200 }, (_, i) => `  ${i + 1}. ${'Borosilicate beaker set '.repeat(3)}${i}`)].join('\n');
    const long = render({ text: history });
    expectWithinLimits(long.blocks, long.text);
    expect(long.blocks.length).toBeGreaterThan(4);
    expect(long.blocks.map((b) => b.text!.text).join('\n')).toBe(history);
    expect(long.text.endsWith('…')).toBe(true);

    const hugeTitle = render(list(1, { items: [item(1, { title: 'x'.repeat(5000) })] }));
    expectWithinLimits(hugeTitle.blocks, hugeTitle.text);
    expect(itemsOf(hugeTitle.blocks)[0]!.text.endsWith('…')).toBe(true);
  });

  it('always sets a fallback text, even for an empty reply', () => {
    expect(renderReply({ text: '  ' }).text).toBe('…');
    expect(renderReply({ text: 'I have nothing left to suggest.', items: [], listId: 'ab12cd34' }).blocks).toHaveLength(1);
  });
});

describe('decoding a pressed element', () => {
  it('refuses ids this app did not render and tampered values', () => {
    const value = JSON.stringify({ listId: 'ab12cd34', itemIndex: 3 });
    expect(decodeAction({ action_id: 'flarechat:like:1', value })).toEqual({ action: 'like', listId: 'ab12cd34', itemIndex: 3 });
    for (const bad of [
      { action_id: 'other-app:like:1', value },
      { action_id: 'flarechat:buy:1', value },
      { action_id: 'flarechat:like:1:extra', value },
      { action_id: 'flarechat:like:1', value: 'not json' },
      { action_id: 'flarechat:like:1', value: JSON.stringify({ listId: 'ab12cd34', itemIndex: -1 }) },
      { action_id: 'flarechat:like:1', value: JSON.stringify({ listId: 'ab12cd34', itemIndex: 1.5 }) },
      { action_id: 'flarechat:like:1', value: JSON.stringify({ listId: '<script>', itemIndex: 1 }) },
      { action_id: 'flarechat:like:1', value: JSON.stringify([1, 2]) },
      { action_id: MORE_ACTION_ID, value: '{}' },
      { action_id: REFINE_ACTION_ID, selected_option: { value: '   ' } },
      { action_id: 'flarechat:choice:1', value: 'x'.repeat(2001) },
    ]) {
      expect(decodeAction(bad), JSON.stringify(bad).slice(0, 80)).toBeUndefined();
    }
  });
});
