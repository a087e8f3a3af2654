import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CategoryView } from '../../bot/category-view.js';
import { ConversationEngine, type MessageInterpreter } from '../../bot/engine.js';
import type { InProcessRecommender } from '../../bot/in-process-recommender.js';
import type { Recommender } from '../../bot/recommender.js';
import { formatSize, sizeOf, sizesInTitle, titleMentions } from '../../bot/item-attributes.js';
import { displayTitle } from '../../bot/recommendation-list.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { CategoryTree, type ClauseIntent, type InterpretContext } from '../../bot/understanding/index.js';
import { Catalog, type Item } from '../../model/catalog.js';
import { PopularityRecommender } from '../../simulation/popularity-recommender.js';
import { cat, expectAllWithin, expectNoListNoQuestions, expectNoneWithin, expectShortLabels, expectTruthfulHeader, openDemo, within } from './conversation-support.js';

/**
 * The engine's half of the contract: given what understanding says a message asks for (here scripted, so these tests
 * do not depend on how text is parsed), the engine acts on every kind of request, in order, on the demo bundle.
 */

type Script = Record<string, ClauseIntent[] | ((context: InterpretContext) => ClauseIntent[])>;

class ScriptedUnderstanding implements MessageInterpreter {
  readonly contexts: InterpretContext[] = [];
  constructor(private readonly script: Script) {}
  async interpret(text: string, context: InterpretContext) {
    this.contexts.push(context);
    const entry = this.script[text];
    if (entry === undefined) throw new Error(`the test script has no message "${text}"`);
    return { clauses: typeof entry === 'function' ? entry(context) : entry };
  }
}

let recommender: InProcessRecommender;
beforeAll(async () => {
  ({ recommender } = await openDemo());
});
afterAll(async () => {
  await recommender?.close();
});

/** A small catalog behind the popularity baseline: items listed in the order given (the first is the most popular). */
function shopOf(items: Item[]): Recommender {
  return new PopularityRecommender(new Catalog(items), items.map((_, i) => items.length - i));
}

const storeFile = (name: string) => join(mkdtempSync(join(tmpdir(), `flarechat-${name}-`)), 's.sqlite');

function talk(script: Script, file = storeFile('clauses'), on: Recommender = recommender) {
  const understanding = new ScriptedUnderstanding(script);
  const engine = new ConversationEngine({ recommender: on, store: new SqliteSessionStore(file), understanding });
  return { engine, understanding, say: (text: string, userId = 'ada') => engine.handle({ kind: 'text', userId, text }) };
}

const FILAMENT = cat('Additive Manufacturing Products', '3D Printing Supplies', '3D Printing Filament');
const TAPES = cat('Tapes, Adhesives & Sealants');
const DUCT_TAPE = cat('Tapes, Adhesives & Sealants', 'Adhesive Tapes', 'Duct Tape');
const ADHESIVE_TAPES = cat('Tapes, Adhesives & Sealants', 'Adhesive Tapes');
const PIPETTES = cat('Lab & Scientific Products', 'Lab Instruments & Equipment', 'Fluid & Liquid Handling', 'Pipettes & Pipettors');
const BEAKERS = cat('Lab & Scientific Products', 'Glassware & Labware', 'Beakers');
const SCIENCE_MAGNETS = cat('Science Education', 'Magnets');
const END_MILLS = cat('Cutting Tools', 'Milling Tools', 'End Mills');
const steer = (path: string): ClauseIntent => ({ kind: 'steer', path, confidence: 0.9, alternatives: [], evidence: 'you said so' });
const exclude = (path: string): ClauseIntent => ({ kind: 'exclude', path, confidence: 0.9, evidence: 'you said so' });

describe('several requests in one message, acted on in order', () => {
  it('holds an exclusion and a positive critique at once; "broader" moves from the positive one and the exclusion stays', async () => {
    const { engine, say } = talk({
      'no more duct tape, adhesive tapes instead': [exclude(DUCT_TAPE), steer(ADHESIVE_TAPES)],
      broader: [{ kind: 'broader' }],
      more: [{ kind: 'more' }],
    });
    const reply = await say('no more duct tape, adhesive tapes instead');
    expect(reply.text.split('\n').slice(0, 2)).toEqual(['Leaving out Duct Tape.', 'Steering to Adhesive Tapes (you said so).']);
    expect(reply.critique?.path).toBe(ADHESIVE_TAPES);
    expectAllWithin(reply, ADHESIVE_TAPES);
    expectNoneWithin(reply, DUCT_TAPE);
    expectShortLabels(reply);

    const broader = await say('broader');
    expect(broader.critique?.path).toBe(TAPES);
    expectAllWithin(broader, TAPES);
    expectNoneWithin(broader, DUCT_TAPE);
    for (let page = 0; page < 3; page++) expectNoneWithin(await say('more'), DUCT_TAPE);
    await engine.close();
  });

  it('"broader" after only an exclusion does not steer toward what was excluded', async () => {
    const { engine, say } = talk({ 'no more filament': [exclude(FILAMENT)], broader: [{ kind: 'broader' }] });
    const excluded = await say('no more filament');
    expect(excluded.critique).toMatchObject({ path: FILAMENT, negated: true });
    expectNoneWithin(excluded, FILAMENT);
    const broader = await say('broader');
    expect(broader.text).toMatch(/no category in force/);
    expect(broader.items ?? []).toHaveLength(0);
    await engine.close();
  });

  it('excluding the category being steered to drops the steering and says so', async () => {
    const { engine, say } = talk({ filament: [steer(FILAMENT)], 'no more 3d printing': [exclude(cat('Additive Manufacturing Products'))] });
    await say('filament');
    const reply = await say('no more 3d printing');
    expect(reply.text).toMatch(/^Leaving out Additive Manufacturing Products, so I stopped steering to 3D Printing Filament\./);
    expectNoneWithin(reply, cat('Additive Manufacturing Products'));
    await engine.close();
  });

  it('acts on at most 10 requests of one message and says so', async () => {
    const likes: ClauseIntent[] = Array.from({ length: 14 }, (_, i) => ({ kind: 'refer', action: 'like', ranks: [(i % 5) + 1], evidence: `like ${i}` }));
    const { engine, say } = talk({ filament: [steer(FILAMENT)], 'like everything': likes });
    await say('filament');
    const reply = await say('like everything');
    expect(reply.text.split('\n').filter((l) => l.startsWith('Added'))).toHaveLength(10);
    expect(reply.text).toMatch(/acted on the first 10/);
    await engine.close();
  });
});

describe('references to shown items', () => {
  it('likes several by number, dismisses one, removes a liked one, and follows "more like this" to the item\'s own category at any depth', async () => {
    const { engine, say, understanding } = talk({
      pipettes: [steer(PIPETTES)],
      'pick 1 and 4': [{ kind: 'refer', action: 'like', ranks: [1, 4], evidence: 'pick 1 and 4' }],
      'not the third one': [{ kind: 'refer', action: 'dismiss', ranks: [3], evidence: 'the third one' }],
      'remove the first one': [{ kind: 'refer', action: 'remove', ranks: [1], evidence: 'the first one' }],
      'more like #2': [{ kind: 'refer', action: 'moreLike', ranks: [2], evidence: '#2' }],
      'like 9': [{ kind: 'refer', action: 'like', ranks: [9], evidence: '9' }],
      history: [{ kind: 'history' }],
    });
    const list = await say('pipettes');
    const [one, two, three, four] = list.items!;
    const picked = await say('pick 1 and 4');
    expect(picked.text).toBe(`Added "${one!.title}" to your history.\nAdded "${four!.title}" to your history.`);
    // Understanding saw the list on screen, ranks and titles, and the critique in force.
    const seen = understanding.contexts.at(-1)!;
    expect(seen.shown.map((s) => s.title)).toEqual(list.items!.map((i) => i.title));
    expect(seen.shown[1]!.brand).toBe(recommender.catalog.item(two!.itemIndex).brand);
    expect(seen.currentPath).toBe(PIPETTES);

    expect((await say('not the third one')).text).toBe(`OK, I will not suggest "${three!.title}" again.`);
    expect((await say('remove the first one')).text).toBe(`Removed "${one!.title}" from your history; I will not suggest it again.`);
    const history = (await say('history')).text;
    expect(history).not.toContain(one!.title);
    expect(history).toContain(four!.title);

    const similar = await say('more like #2');
    expect(similar.critique?.path).toBe(two!.categoryPath);
    expect(two!.categoryPath.split(' - ').length).toBeGreaterThan(5);
    expectAllWithin(similar, two!.categoryPath, similar.items!.length);
    expect(similar.items!.map((i) => i.title)).not.toContain(three!.title);
    expect((await say('like 9')).text).toMatch(/no item 9 on the last list \(it has 5\)/);
    await engine.close();
  });

  it('names an item of the catalog the person owns, and forgets one by words of its title without excluding anything', async () => {
    const toggler = recommender.catalog.items.findIndex((i) => i.title.startsWith('TOGGLER SNAPTOGGLE BA'));
    const caliper = recommender.catalog.items.findIndex((i) => i.title.startsWith('Mitutoyo 500-196-30'));
    const { engine, say } = talk({
      'i have a toggler': [{ kind: 'ownItem', itemIndex: toggler, evidence: 'toggler' }],
      'i have a mitutoyo': [{ kind: 'ownItem', itemIndex: caliper, evidence: 'mitutoyo' }],
      'oops no, forget the toggler anchor': [{ kind: 'forgetItem', text: 'the toggler anchor' }],
      'forget the flux capacitor': [{ kind: 'forgetItem', text: 'the flux capacitor' }],
      why: [{ kind: 'why' }],
      recommend: [{ kind: 'recommend' }],
      export: [{ kind: 'export' }],
    });
    expect((await say('i have a toggler')).text).toMatch(/^Added "TOGGLER SNAPTOGGLE BA/);
    await say('i have a mitutoyo');
    const forgot = await say('oops no, forget the toggler anchor');
    expect(forgot.text).toMatch(/^Removed "TOGGLER SNAPTOGGLE BA.*" from your history\.$/);
    expect((await say('forget the flux capacitor')).text).toBe('I could not find "the flux capacitor" in your history.');
    const state = JSON.parse((await say('export')).text) as { history: string[]; exclusions?: string[] };
    expect(state.history).toEqual([recommender.catalog.item(caliper).id]);
    expect(state.exclusions ?? []).toEqual([]);
    await engine.close();
  });

  it('"forget the pipettes" forgets a pipette the history holds, and with none there leaves the kind out', async () => {
    const pump = recommender.catalog.items.findIndex((i) => i.categories.join(' - ').includes('Pipettes & Pipettors'));
    const forgetPipettes: ClauseIntent[] = [{ kind: 'forgetItem', text: 'the pipettes', orExclude: PIPETTES }];
    const { engine, say } = talk({
      'i have it': [{ kind: 'ownItem', itemIndex: pump, evidence: 'it' }],
      'forget the pipettes': forgetPipettes,
      export: [{ kind: 'export' }],
    });
    // Nothing in the history is a pipette: the kind is left out, and said so.
    const excluded = await say('forget the pipettes');
    expect(excluded.text).toContain('Pipettes & Pipettors');
    let state = JSON.parse((await say('export')).text) as { history: string[]; exclusions?: string[] };
    expect(state.exclusions).toEqual([PIPETTES]);
    // With one in the history, it is that one that goes, and nothing more is left out.
    await say('i have it');
    const forgot = await say('forget the pipettes');
    expect(forgot.text).toMatch(/^Removed ".*" from your history\.$/);
    state = JSON.parse((await say('export')).text) as { history: string[]; exclusions?: string[] };
    expect(state.history).toEqual([]);
    expect(state.exclusions).toEqual([PIPETTES]);
    await engine.close();
  });
});

describe('the whole tree: broader and more specific', () => {
  it('"more specific" offers the children that exist as choices; a number or the menu picks one; a leaf says so', async () => {
    const { engine, say } = talk({
      pipettes: [steer(PIPETTES)],
      'more specific': [{ kind: 'narrower' }],
      '1': [{ kind: 'choose', choice: 1 }],
      broader: [{ kind: 'broader' }],
    });
    await say('pipettes');
    const offered = await say('more specific');
    const children = new Set(recommender.catalog.items.filter((i) => within(PIPETTES, i.categories.join(' - ')) && i.categories.length > 5).map((i) => i.categories[5]!));
    expect(offered.choices!.map((c) => c.label).sort()).toEqual([...children].sort());
    expect(offered.choices!.every((c) => c.value.startsWith(PIPETTES + ' - '))).toBe(true);
    expect(offered.text).toMatch(/^Pipettes & Pipettors has these narrower categories:\n {2}1\. /);
    expect(offered.items ?? []).toHaveLength(0);

    const chosen = await say('1');
    expect(chosen.critique?.path).toBe(offered.choices![0]!.value);
    expectAllWithin(chosen, offered.choices![0]!.value);
    expect((await say('more specific')).text).toBe(`There is no narrower category under ${offered.choices![0]!.label}.`);
    expect((await say('broader')).critique?.path).toBe(PIPETTES);

    const menu = await engine.handle({ kind: 'action', userId: 'ada', action: 'refine', listId: 'any', value: offered.choices![2]!.value });
    expect(menu.critique?.path).toBe(offered.choices![2]!.value);
    await engine.close();
  });

  it('after choices are offered, "the second one" or a name answers the question; a list shown afterwards ends it', async () => {
    const MAGNETS = cat('Material Handling Products', 'Industrial Magnets');
    const { engine, say, understanding } = talk({
      magnets: [steer(MAGNETS)],
      'more specific': [{ kind: 'narrower' }],
      'the second one': [{ kind: 'refer', action: 'like', ranks: [2], evidence: 'the second one' }],
      // Understanding's best reading is elsewhere, but a close alternative is one of the choices.
      'the flexible ones': (context) => [{ kind: 'steer', path: cat('Power Transmission Products', 'Couplings, Collars & Universal Joiners', 'Flexible Couplings'), confidence: 0.96, alternatives: [{ path: context.pendingChoices!.find((c) => c.endsWith('Flexible Magnets'))!, node: 'Flexible Magnets', confidence: 0.93 }], evidence: 'flexible' }],
      broader: [{ kind: 'broader' }],
      'like 2': [{ kind: 'refer', action: 'like', ranks: [2], evidence: '2' }],
    });
    const list = await say('magnets');
    const offered = await say('more specific');
    expect(offered.choices!.length).toBeGreaterThan(2);
    const second = await say('the second one');
    // What the person saw last was the question, so understanding was given no list to point into.
    expect(understanding.contexts.at(-1)!.shown).toEqual([]);
    expect(second.critique?.path).toBe(offered.choices![1]!.value);
    expect(second.text).not.toMatch(/Added/);
    expect(within(offered.choices![1]!.value, second.items![0]!.categoryPath)).toBe(true);

    await say('broader');
    const again = await say('more specific');
    const flexible = await say('the flexible ones');
    expect(flexible.critique?.path).toBe(cat('Material Handling Products', 'Industrial Magnets', 'Flexible Magnets'));
    expect(again.choices!.map((c) => c.value)).toContain(flexible.critique!.path);

    // The list shown since ended the question: "like 2" is item 2 of that list again.
    const liked = await say('like 2');
    expect(understanding.contexts.at(-1)!.shown.map((s) => s.title)).toEqual(flexible.items!.map((i) => i.title));
    expect(liked.text).toBe(`Added "${flexible.items![1]!.title}" to your history.`);
    expect(list.items!.length).toBe(5);
    await engine.close();
  });

  it('"broader" stops at the top of the tree', async () => {
    const { engine, say } = talk({ lab: [steer(cat('Lab & Scientific Products'))], broader: [{ kind: 'broader' }] });
    await say('lab');
    expect((await say('broader')).text).toBe('Lab & Scientific Products is already the broadest category.');
    await engine.close();
  });
});

describe('comparisons and attributes, from what the catalog has', () => {
  it('says the catalog has no prices instead of pretending', async () => {
    const { engine, say } = talk({ filament: [steer(FILAMENT)], 'like #2 but cheaper': [{ kind: 'attribute', attribute: 'price', direction: 'less', relativeTo: 2, evidence: 'cheaper' }] });
    await say('filament');
    const reply = await say('like #2 but cheaper');
    expect(reply.text).toBe('This catalog has no prices, so I cannot compare or filter by price.');
    await engine.close();
  });

  it('"which one is cheaper, 1 or 2?" is a question about #1 and #2, answered from their prices, or said plainly when the catalog has none', async () => {
    const question: ClauseIntent[] = [
      { kind: 'attribute', attribute: 'price', direction: 'less', evidence: 'which one is cheaper' },
      { kind: 'refer', action: 'like', ranks: [1, 2], evidence: '1 or 2' },
    ];
    const demo = talk({ filament: [steer(FILAMENT)], 'which one is cheaper, 1 or 2?': question, history: [{ kind: 'history' }] });
    await demo.say('filament');
    const reply = await demo.say('which one is cheaper, 1 or 2?');
    expect(reply.text).toBe('This catalog has no prices, so I cannot compare or filter by price.');
    expect(reply.items ?? []).toHaveLength(0);
    expect((await demo.say('history')).text).toMatch(/history is empty/);
    await demo.engine.close();

    // A catalog with prices: the popularity order lists a ($30), b ($12.50), c (no price).
    const shop = shopOf([
      { id: 'a', title: 'Steel ruler', categories: ['Shop', 'Rulers'], price: 30 },
      { id: 'b', title: 'Folding ruler', categories: ['Shop', 'Rulers'], price: 12.5 },
      { id: 'c', title: 'Tape measure', categories: ['Shop', 'Rulers'] },
    ]);
    const priced = talk({ recommend: [{ kind: 'recommend' }], 'which one is cheaper, 1 or 2?': question, 'which is pricier, 2 or 1?': [question[1]!, { ...question[0]!, direction: 'more', relativeTo: 2 } as ClauseIntent], 'cheaper, 2 or 3?': [question[0]!, { kind: 'refer', action: 'like', ranks: [2, 3], evidence: '2 or 3' }], history: [{ kind: 'history' }] }, storeFile('priced'), shop);
    expect((await priced.say('recommend')).items!.map((i) => i.title)).toEqual(['Steel ruler', 'Folding ruler', 'Tape measure']);
    expect((await priced.say('which one is cheaper, 1 or 2?')).text).toBe('#1 "Steel ruler": $30.00\n#2 "Folding ruler": $12.50\n#2 is the cheaper one.');
    expect((await priced.say('which is pricier, 2 or 1?')).text).toBe('#1 "Steel ruler": $30.00\n#2 "Folding ruler": $12.50\n#1 is the pricier one.');
    expect((await priced.say('cheaper, 2 or 3?')).text).toBe('I do not know the price of #3, "Tape measure".');
    expect((await priced.say('history')).text).toMatch(/history is empty/);
    await priced.engine.close();
  });

  it('answers "how much is the second one", "how big is it", "what colour is #1" from what the catalog records, and likes nothing', async () => {
    const shop = shopOf([
      { id: 'a', title: 'Steel Ruler 12-Inch, Black', categories: ['Shop', 'Rulers'], price: 30 },
      { id: 'b', title: 'Folding Ruler', categories: ['Shop', 'Rulers'], price: 12.5 },
      { id: 'c', title: 'Tape Measure 25 ft', categories: ['Shop', 'Rulers'] },
    ]);
    // The understanding the engine opens by default (lexical), from message to reply.
    const engine = new ConversationEngine({ recommender: shop, store: new SqliteSessionStore(storeFile('questions')) });
    const ask = async (text: string) => (await engine.handle({ kind: 'text', userId: 'ada', text })).text;
    await ask('recommend');
    expect(await ask('how much is the second one?')).toBe('#2 "Folding Ruler": $12.50');
    expect(await ask('how much is #3')).toBe('The catalog does not record the price of #3, "Tape Measure 25 ft", and its title does not say.');
    expect(await ask('how big is it')).toBe('#1 "Steel Ruler 12-Inch, Black": 12-Inch');
    expect(await ask('how long is #3?')).toBe('#3 "Tape Measure 25 ft": 25 ft');
    expect(await ask('what colour is the first one')).toBe('#1 "Steel Ruler 12-Inch, Black": black');
    expect(await ask('what is the second one made of?')).toBe('The catalog does not record the material of #2, "Folding Ruler", and its title does not say.');
    // Yes-or-no questions: the colours the title names, or plainly that the catalog keeps no such field.
    expect(await ask('is the first one black or silver')).toBe('#1 "Steel Ruler 12-Inch, Black": black');
    expect(await ask('is the first one waterproof?')).toBe('The catalog does not record that for #1; its title reads "Steel Ruler 12-Inch, Black".');
    expect(await ask('history')).toMatch(/history is empty/);
    await engine.close();
  });

  it('names a category by its deepest node with the same items, and "broader" from it moves to more items', async () => {
    // (Stop 48. Before: "waders" steered to Waders and "broader" from there to Chest Waders' own items again.)
    const shop = shopOf([
      { id: 'a', title: 'Neoprene Chest Waders, Stockingfoot', categories: ['Shop', 'Apparel', 'Waders', 'Chest Waders'] },
      { id: 'b', title: 'Breathable Chest Waders with Boots', categories: ['Shop', 'Apparel', 'Waders', 'Chest Waders'] },
      { id: 'c', title: 'Packable Rain Jacket', categories: ['Shop', 'Apparel', 'Jackets'] },
      { id: 'd', title: 'Telescopic Landing Net', categories: ['Shop', 'Nets'] },
    ]);
    const engine = new ConversationEngine({ recommender: shop, store: new SqliteSessionStore(storeFile('only-child')) });
    const say = (text: string) => engine.handle({ kind: 'text', userId: 'ada', text });
    const waders = await say('show me waders');
    expect(waders.critique?.path).toBe('Shop - Apparel - Waders - Chest Waders');
    expect(waders.items!.slice(0, 2).map((i) => i.title)).toEqual(['Neoprene Chest Waders, Stockingfoot', 'Breathable Chest Waders with Boots']);
    const broader = await say('broader');
    expect(broader.critique?.path).toBe('Shop - Apparel');
    // The reply says what it moved from, not "one level", which would be wrong here (two levels up).
    expect(broader.text).toContain('Steering to Apparel (broader than Chest Waders).');
    expect((await say('no waders')).critique).toMatchObject({ path: 'Shop - Apparel - Waders - Chest Waders', negated: true });
    await engine.close();
  });

  it('"which is bigger, 1 or 2?" compares the sizes the titles give', async () => {
    const { engine, say } = talk({
      beakers: [steer(BEAKERS)],
      bigger: (context) => {
        const sized = context.shown.filter((s) => sizeOf(s.title)?.dimension === 'volume').slice(0, 2).map((s) => s.rank);
        return [{ kind: 'attribute', attribute: 'size', direction: 'more', evidence: 'which is bigger' }, { kind: 'refer', action: 'like', ranks: sized, evidence: sized.join(' or ') }];
      },
    });
    const list = await say('beakers');
    const [a, b] = list.items!.filter((i) => sizeOf(i.title)?.dimension === 'volume');
    const reply = await say('bigger');
    const bigger = sizeOf(a!.title)!.value >= sizeOf(b!.title)!.value ? a! : b!;
    expect(reply.text.split('\n')).toEqual([
      `#${a!.rank} "${a!.title}": ${formatSize(sizeOf(a!.title)!)}`,
      `#${b!.rank} "${b!.title}": ${formatSize(sizeOf(b!.title)!)}`,
      sizeOf(a!.title)!.value === sizeOf(b!.title)!.value ? 'Their titles give the same size.' : `#${bigger.rank} is the bigger one, going by the sizes in the titles.`,
    ]);
    expect(reply.items ?? []).toHaveLength(0);
    await engine.close();
  });

  it('compares sizes read from titles: "like #N but bigger" lists only larger items in #N\'s category', async () => {
    const { engine, say } = talk({
      beakers: [steer(BEAKERS)],
      bigger: (context) => {
        const n = context.shown.find((s) => sizeOf(s.title) !== undefined && sizeOf(s.title)!.value < 1000)!.rank;
        return [{ kind: 'attribute', attribute: 'size', direction: 'more', relativeTo: n, evidence: 'bigger' }];
      },
      smaller: [{ kind: 'attribute', attribute: 'size', direction: 'less', relativeTo: 1, evidence: 'smaller' }],
    });
    const list = await say('beakers');
    const reference = list.items!.find((i) => sizeOf(i.title) !== undefined && sizeOf(i.title)!.value < 1000)!;
    const bigger = await say('bigger');
    expect(bigger.text).toMatch(/^Only bigger than \d+ ml\./);
    expect(bigger.items!.length).toBeGreaterThan(0);
    for (const item of bigger.items!) {
      expect(within(BEAKERS, item.categoryPath)).toBe(true);
      expect(sizeOf(item.title)!.value).toBeGreaterThan(sizeOf(reference.title)!.value);
    }
    expect(bigger.text).toMatch(/^Top picks in Beakers \(bigger than \d+ ml\):$/m);
    await engine.close();
  });

  it('keeps items whose titles say a colour or material, and says so when none does', async () => {
    const { engine, say } = talk({
      'end mills': [steer(END_MILLS)],
      'carbide only': [{ kind: 'attribute', attribute: 'material', value: 'carbide', evidence: 'carbide only' }],
      'in purple': [{ kind: 'attribute', attribute: 'colour', value: 'purple', evidence: 'in purple' }],
      'in a nice colour': [{ kind: 'attribute', attribute: 'colour', evidence: 'in a nice colour' }],
      'made in germany': [{ kind: 'attribute', attribute: 'other', evidence: 'made in germany' }],
      why: [{ kind: 'why' }],
    });
    await say('end mills');
    const carbide = await say('carbide only');
    expect(carbide.items!.length).toBeGreaterThan(0);
    for (const item of carbide.items!) {
      expect(item.title).toMatch(/carbide/i);
      expect(within(END_MILLS, item.categoryPath)).toBe(true);
    }
    expect((await say('in purple')).text).toBe('No item in End Mills mentions "purple" in its title.');
    expect((await say('in a nice colour')).text).toMatch(/^Which colour\?/);
    expect((await say('made in germany')).text).toMatch(/^This catalog does not record "made in germany"/);
    expect((await say('why')).text).toMatch(/steered to End Mills; only titles mentioning carbide\.$/);
    await engine.close();
  });
});

describe('honest answers', () => {
  it('says what the catalog does not carry and offers the nearest categories as choices; a number picks one', async () => {
    const { engine, say } = talk({
      goggles: [{ kind: 'notInCatalog', query: 'goggles', nearest: [{ path: cat('Occupational Health & Safety Products'), node: 'Occupational Health & Safety Products', confidence: 0.2 }, { path: 'Nowhere - At All', node: 'At All', confidence: 0.1 }] }],
      'zzqx blorf': [{ kind: 'notInCatalog', query: 'zzqx blorf', nearest: [] }],
      '1': [{ kind: 'choose', choice: 1 }],
      '7': [{ kind: 'choose', choice: 7 }],
    });
    const reply = await say('goggles');
    expect(reply.text).toBe('This catalog has nothing like "goggles": we don\'t carry it. The nearest categories it has:\n  1. Occupational Health & Safety Products (119 items)\nReply with a number or a name, or tell me something else.');
    expect(reply.choices).toEqual([{ label: 'Occupational Health & Safety Products', value: cat('Occupational Health & Safety Products') }]);
    expect((await say('7')).text).toBe('There is no choice 7 (I offered 1).');
    const picked = await say('1');
    expectAllWithin(picked, cat('Occupational Health & Safety Products'));
    const nonsense = await say('zzqx blorf');
    expect(nonsense.text).toMatch(/^This catalog has nothing like "zzqx blorf": we don't carry it\. Its largest categories:\n {2}1\. Industrial Electrical \(\d+ items\)/);
    expect(nonsense.choices).toHaveLength(3);
    await engine.close();
  });

  it('asks one question per reply: a long message read as several "nothing like" pieces gets one answer with one set of choices', async () => {
    const gibberish = (query: string): ClauseIntent => ({ kind: 'notInCatalog', query, nearest: [] });
    const { engine, say } = talk({ 'a pasted blob': [gibberish('kklfr hbjj'), { kind: 'smallTalk' }, gibberish('wjbmak dtcpj'), { kind: 'smallTalk' }, gibberish('pbrrd')], '2': [{ kind: 'choose', choice: 2 }] });
    const reply = await say('a pasted blob');
    expect(reply.text.match(/nothing like/g)).toHaveLength(1);
    expect(reply.text).toMatch(/^This catalog has nothing like "kklfr hbjj"/);
    expect(reply.text.match(/I can't help with that/g)).toHaveLength(1);
    expect(reply.choices).toHaveLength(3);
    expect((await say('2')).critique?.path).toBe(reply.choices![1]!.value);
    await engine.close();
  });

  it('answers small talk briefly with the help, no list and no category questions', async () => {
    const { engine, say } = talk({ "what's the weather": [{ kind: 'smallTalk' }] });
    const reply = await say("what's the weather");
    expectNoListNoQuestions(reply);
    expect(reply.text).toMatch(/^I can't help with that: I only recommend items from the Industrial & Scientific catalog\.\nCommands:/);
    await engine.close();
  });

  it('greets and helps only with examples the demo catalog can honour (no prices)', async () => {
    const { engine, say } = talk({ hi: [{ kind: 'greeting' }], help: [{ kind: 'help' }] });
    for (const text of ['hi', 'help']) {
      const reply = (await say(text)).text;
      expect(reply).not.toMatch(/cheaper|price|\$/i);
    }
    await engine.close();
  });
});

describe('lists that say what is true', () => {
  it('labels a new user\'s list as popular, not "popular with people like you", and a known user\'s by their history', async () => {
    const { engine, say } = talk({ recommend: [{ kind: 'recommend' }], 'like 1': [{ kind: 'refer', action: 'like', ranks: [1], evidence: '1' }] });
    const first = await say('recommend');
    expect(first.text.split('\n')[0]).toBe('Top picks:');
    for (const item of first.items!) expect(item.reason).toBe('a popular pick');
    await say('like 1');
    for (const item of (await say('recommend')).items!) expect(item.reason).toBe('fits your history');
    await engine.close();
  });

  it('after "more" runs past the steered category, the header no longer names it', async () => {
    const { engine, say } = talk({ magnets: [steer(SCIENCE_MAGNETS)], more: [{ kind: 'more' }] });
    const first = await say('magnets');
    const inside = recommender.catalog.items.filter((i) => within(SCIENCE_MAGNETS, i.categories.join(' - '))).length;
    expect(inside).toBeLessThan(5);
    expect(first.text).toMatch(/^Top picks in Magnets, then nearby items:$/m);
    expectTruthfulHeader(first, SCIENCE_MAGNETS, 'Magnets');
    const more = await say('more');
    expectNoneWithin(more, SCIENCE_MAGNETS);
    expect(more.text.split('\n')[0]).toBe('Nothing more in Magnets; other picks:');
    expectTruthfulHeader(more, SCIENCE_MAGNETS, 'Magnets');
    await engine.close();
  });

  it('names a category by its parent too when its own name is ambiguous, and shows a placeholder for an empty title', () => {
    const catalog = new Catalog([
      { id: 'a', title: 'Brass elbow', categories: ['Shop', 'Plumbing', 'Fittings'] },
      { id: 'b', title: '  ', categories: ['Shop', 'Hydraulics', 'Hydraulic Equipment', 'Fittings'] },
      { id: 'c', title: 'Ball valve', categories: ['Shop', 'Plumbing', 'Valves'] },
    ]);
    const tree = new CategoryView(new CategoryTree(catalog));
    expect(tree.label('Shop - Plumbing - Fittings')).toBe('Plumbing > Fittings');
    expect(tree.itemLabel(1)).toBe('Hydraulic Equipment > Fittings');
    expect(tree.label('Shop - Plumbing - Valves')).toBe('Valves');
    expect(tree.children('Shop - Plumbing').map((n) => n.levels.at(-1))).toEqual(['Fittings', 'Valves']);
    expect(tree.parent('Shop - Plumbing')).toBeUndefined();
    expect(displayTitle(catalog, 1)).toBe('(untitled item b)');
    expect(displayTitle(catalog, 0)).toBe('Brass elbow');
  });
});

describe('paging and the items on it', () => {
  // Twelve rulers, popularity in id order: r0 first.
  const rulers = (title: (i: number) => string) => shopOf(Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, title: title(i), categories: ['Shop', 'Rulers'] })));

  it('"more" after dismissing or liking items of a page shows the very next items, skipping none', async () => {
    const shop = rulers((i) => `Ruler number ${i}`);
    const { engine, say } = talk({ recommend: [{ kind: 'recommend' }], more: [{ kind: 'more' }], 'not 2': [{ kind: 'refer', action: 'dismiss', ranks: [2], evidence: '2' }], 'pick 1 and 4': [{ kind: 'refer', action: 'like', ranks: [1, 4], evidence: '1 and 4' }] }, storeFile('paging'), shop);
    const ids = (reply: { items?: { itemIndex: number }[] }) => reply.items!.map((i) => shop.catalog.item(i.itemIndex).id);
    expect(ids(await say('recommend'))).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    await say('not 2');
    expect(ids(await say('more'))).toEqual(['r5', 'r6', 'r7', 'r8', 'r9']);
    await say('pick 1 and 4');
    expect(ids(await say('more'))).toEqual(['r10', 'r11']);
    // A fresh list starts over, without what was dismissed or liked.
    expect(ids(await say('recommend'))).toEqual(['r0', 'r2', 'r3', 'r4', 'r6']);
    await engine.close();
  });

  it('asks the model for the head of its ranking, and for all of it only when a page cannot fill from the head; the pages are the same', async () => {
    const asked: number[] = [];
    const headFirst: Recommender = { catalog: recommender.catalog, description: 'head first', recommend: (query) => (asked.push(query.k), recommender.recommend(query)) };
    const whole: Recommender = { catalog: recommender.catalog, description: 'whole ranking', recommend: (query) => recommender.recommend({ ...query, k: recommender.catalog.size }) };
    const script: Script = { filament: [steer(FILAMENT)], more: [{ kind: 'more' }], magnets: [steer(SCIENCE_MAGNETS)], 'in black': [{ kind: 'attribute', attribute: 'colour', value: 'black', evidence: 'in black' }], 'not 1': [{ kind: 'refer', action: 'dismiss', ranks: [1], evidence: '1' }] };
    const a = talk(script, storeFile('head'), headFirst);
    const b = talk(script, storeFile('whole'), whole);
    const turns = ['filament', 'more', 'not 1', 'more', 'in black', 'more', 'magnets', 'more'];
    const counts: number[] = [];
    for (const text of turns) {
      const before = asked.length;
      const [x, y] = [await a.say(text), await b.say(text)];
      expect(x.items?.map((i) => i.itemIndex), text).toEqual(y.items?.map((i) => i.itemIndex));
      counts.push(asked.length - before);
    }
    // Filament fills its pages from the head; Science Education's Magnets (2 items) needs the whole ranking.
    expect(asked[0]).toBe(200);
    expect(counts.slice(0, 6).every((n) => n === 1 || n === 0)).toBe(true);
    expect(counts[6]).toBe(2);
    expect(asked.at(-1)).toBe(recommender.catalog.size);
    await a.engine.close();
    await b.engine.close();
  });

  it('lists every item without a title, each with its own placeholder, instead of treating them as one product', async () => {
    const shop = rulers((i) => (i % 2 === 0 ? '' : `Ruler number ${i}`));
    const { engine, say } = talk({ recommend: [{ kind: 'recommend' }] }, storeFile('untitled'), shop);
    expect((await say('recommend')).items!.map((i) => i.title)).toEqual(['(untitled item r0)', 'Ruler number 1', '(untitled item r2)', 'Ruler number 3', '(untitled item r4)']);
    await engine.close();
  });

  it('tells understanding a shown item\'s brand, unless the brand is only words the catalog names categories with', async () => {
    const shop = shopOf([
      { id: 'a', title: 'Plastic transfer pipettes, pack of 100', categories: ['Shop', 'Pipettes'], brand: 'Pipettes' },
      { id: 'b', title: 'Transfer pipette 3 ml', categories: ['Shop', 'Pipettes'], brand: 'Karter Scientific' },
    ]);
    const { engine, say, understanding } = talk({ recommend: [{ kind: 'recommend' }], why: [{ kind: 'why' }] }, storeFile('brands'), shop);
    await say('recommend');
    await say('why');
    expect(understanding.contexts.at(-1)!.shown.map((s) => s.brand)).toEqual([undefined, 'Karter Scientific']);
    await engine.close();
  });
});

describe('sizes and words read from titles', () => {
  it('reads volumes, masses and lengths, sets and fractions, and whole words only', () => {
    expect(sizesInTitle('Karter Scientific Glass Beaker, 50/100/250/500 ml')).toEqual([{ dimension: 'volume', value: 500 }]);
    expect(sizesInTitle('SEOH Beakers 50 100 250 600 and 1000ml.')).toEqual([{ dimension: 'volume', value: 1000 }]);
    expect(sizesInTitle('eSUN 1.75mm Black PLA 1KG Spool (2.2lbs)')).toEqual([{ dimension: 'mass', value: 1000 }, { dimension: 'length', value: 1.75 }]);
    expect(sizesInTitle('Stanley 1/2-Inch Leg Length Staples')).toEqual([{ dimension: 'length', value: 12.7 }]);
    expect(sizesInTitle('AccuMASTER 2-in 1 Magnetic Level')).toEqual([]);
    expect(titleMentions('Solid Carbide End Mill', 'carbide')).toBe(true);
    expect(titleMentions('Blackstone clamp', 'black')).toBe(false);
    expect(titleMentions('Stainless-Steel Washers', 'stainless steel')).toBe(true);
    // (A word said in the other spelling: "only aluminium" on a catalog writing "aluminum".)
    expect(titleMentions('Concept2 Aluminum Oar Shaft', 'aluminium')).toBe(true);
    expect(titleMentions('Croker Carbon Fiber Blade', 'carbon fibre')).toBe(true);
  });
});

describe('states stored before exclusions existed', () => {
  it('reads an old negated critique as an exclusion and keeps the rest', async () => {
    const file = storeFile('old-state');
    const old = new SqliteSessionStore(file);
    const liked = recommender.catalog.items.findIndex((i) => i.title.startsWith('Mitutoyo 500-196-30'));
    old.put('ada', { history: [recommender.catalog.item(liked).id], dismissed: [], offset: 0, critique: { path: FILAMENT, negated: true, confidence: 1, reason: 'old' } });
    old.close();
    const { engine, say } = talk({ beakers: [steer(BEAKERS)], broader: [{ kind: 'broader' }], export: [{ kind: 'export' }] }, file);
    const reply = await say('beakers');
    expectAllWithin(reply, BEAKERS);
    const state = JSON.parse((await say('export')).text) as { exclusions: string[]; critique: { path: string; negated: boolean }; history: string[] };
    expect(state.exclusions).toEqual([FILAMENT]);
    expect(state.critique).toMatchObject({ path: BEAKERS, negated: false });
    expect(state.history).toEqual([recommender.catalog.item(liked).id]);
    await engine.close();
  });
});
