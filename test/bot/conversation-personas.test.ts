import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../bot/conversation-types.js';
import type { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { splitCategoryPath } from '../../model/catalog.js';
import { cat, expectAllWithin, expectNoListNoQuestions, expectNoneWithin, expectShortLabels, expectTruthfulHeader, openDemo, person, titles, within } from './conversation-support.js';

/**
 * Five people, each a conversation of 10+ turns on the shipped demo bundle (4,344 Amazon Industrial & Scientific
 * items, no prices), from message to reply, read by the understanding the shipped bot opens (the text encoder and the
 * bundle's vectors). The messages are what such a person would type, written before reading how the understanding
 * parses them.
 * The assertions are what such a person would expect; none was loosened to fit the understanding.
 */

let recommender: InProcessRecommender;
let understanding: Awaited<ReturnType<typeof openDemo>>['understanding'];
let engineOn: Awaited<ReturnType<typeof openDemo>>['engineOn'];
beforeAll(async () => {
  ({ recommender, understanding, engineOn } = await openDemo({ shipped: true }));
});
afterAll(async () => {
  await understanding?.close();
  await recommender?.close();
});

const PIPETTES = cat('Lab & Scientific Products', 'Lab Instruments & Equipment', 'Fluid & Liquid Handling', 'Pipettes & Pipettors');
const BEAKERS = cat('Lab & Scientific Products', 'Glassware & Labware', 'Beakers');
const GLASSWARE = cat('Lab & Scientific Products', 'Glassware & Labware');
const FILAMENT = cat('Additive Manufacturing Products', '3D Printing Supplies', '3D Printing Filament');
const PRINTER_PARTS = cat('Additive Manufacturing Products', '3D Printer Parts & Accessories');
const END_MILLS = cat('Cutting Tools', 'Milling Tools', 'End Mills');
const CALIPERS = cat('Test, Measure & Inspect', 'Dimensional Measurement', 'Calipers');
const TAPS = cat('Cutting Tools', 'Threading Taps');
const MAGNETS = cat('Material Handling Products', 'Industrial Magnets');
const FIRST_AID = cat('Occupational Health & Safety Products', 'Emergency Response Equipment', 'First Aid Supplies');
const SAFETY_SIGNS = cat('Occupational Health & Safety Products', 'Safety Signs & Signals');
const SIGNS = cat('Occupational Health & Safety Products', 'Safety Signs & Signals', 'Signs');
const BARRIERS = cat('Occupational Health & Safety Products', 'Safety Signs & Signals', 'Safety Barriers');
const ANCHORS = cat('Fasteners', 'Anchors');

/** The children of a category as the catalog has them (names one level down). */
function childrenIn(path: string): string[] {
  const depth = splitCategoryPath(path).length;
  const names = new Set<string>();
  for (const item of recommender.catalog.items) {
    if (item.categories.length > depth && within(path, item.categories.slice(0, depth).join(' - '))) names.add(item.categories[depth]!);
  }
  return [...names].sort();
}

/** The largest volume a beaker title gives, in ml (hand-written for the test: "400mL", "1000ml", "50/100/250 ml"). */
function millilitres(title: string): number | undefined {
  const values = [...title.matchAll(/(\d+(?:\.\d+)?)\s*(ml|l)\b/gi)].map((m) => Number(m[1]) * (m[2]!.toLowerCase() === 'l' ? 1000 : 1));
  return values.length ? Math.max(...values) : undefined;
}

const expectGreeting = (reply: Reply) => {
  expect(reply.text).toMatch(/Industrial & Scientific catalog \(4344 items\)/);
  expect(reply.text).not.toMatch(/cheaper|price/i);
  expect(reply.items ?? []).toHaveLength(0);
};

const expectNotInCatalog = (reply: Reply, word: RegExp) => {
  expect(reply.text).toMatch(/don't carry|nothing like/i);
  expect(reply.text).toMatch(word);
  expect(reply.items ?? []).toHaveLength(0);
  expect(reply.choices?.length ?? 0).toBeGreaterThan(0);
  for (const choice of reply.choices!) expect(recommender.catalog.items.some((i) => within(choice.value, i.categories.join(' - ')))).toBe(true);
};

const expectNoPrices = (reply: Reply) => {
  expect(reply.text).toMatch(/no prices/i);
  expect(reply.items ?? []).toHaveLength(0);
};

describe('a lab technician', () => {
  it('steers to pipettes, narrows through the children that exist, leaves pipettes out for beakers, widens from beakers, and hears what the catalog lacks', async () => {
    const engine = engineOn('lab-tech');
    const say = person(engine, 'lab-tech');

    expectGreeting(await say('hi'));

    const first = await say('recommend');
    expect(first.items).toHaveLength(5);
    for (const item of first.items!) expect(item.reason).not.toMatch(/people like you/);

    const pipettes = await say('I need pipettes');
    expect(pipettes.critique?.path).toBe(PIPETTES);
    expectAllWithin(pipettes, PIPETTES);
    expectShortLabels(pipettes);

    const specific = await say('more specific');
    expect(specific.choices?.map((c) => c.label).sort()).toEqual(childrenIn(PIPETTES));
    expect(specific.text).not.toMatch(/no narrower/);

    const transfer = specific.choices!.findIndex((c) => c.label === 'Transfer Pipettes') + 1;
    expect(transfer).toBeGreaterThan(0);
    const chosen = await say(String(transfer));
    expect(chosen.critique?.path).toBe(`${PIPETTES} - Transfer Pipettes`);
    expectAllWithin(chosen, `${PIPETTES} - Transfer Pipettes`);

    const liked = await say("I'll take the first one");
    expect(liked.text).toContain(chosen.items![0]!.title);

    const beakers = await say('no more pipettes, show me beakers');
    expect(beakers.critique?.path).toBe(BEAKERS);
    expectAllWithin(beakers, BEAKERS);
    expectNoneWithin(beakers, PIPETTES);

    const broader = await say('broader');
    expect(broader.critique?.path).toBe(GLASSWARE);
    expectAllWithin(broader, GLASSWARE);
    expectNoneWithin(broader, PIPETTES);

    expectNotInCatalog(await say('do you have safety goggles?'), /goggles/i);
    expectNoPrices(await say('which one is cheaper, 1 or 2?'));

    const forgot = await say('forget the pipettes');
    expect(forgot.text).toContain(`Removed "${chosen.items![0]!.title}"`);
    expect((await say('history')).text).toMatch(/history is empty/);
    await engine.close();
  });
});

describe('a 3D-printing hobbyist', () => {
  it('filters filament by colour, picks two by number, dismisses one by brand, pages on, moves to printer parts, and is told small talk is not the bot\'s job', async () => {
    const engine = engineOn('maker');
    const say = person(engine, 'maker');

    expectGreeting(await say('hello there'));

    const filament = await say("I'm looking for PLA filament");
    expect(filament.critique?.path).toBe(FILAMENT);
    expectAllWithin(filament, FILAMENT);

    const black = await say('in black');
    expectAllWithin(black, FILAMENT);
    for (const title of titles(black)) expect(title).toMatch(/black/i);

    const picked = await say('pick 1 and 4');
    expect(picked.text).toContain(black.items![0]!.title);
    expect(picked.text).toContain(black.items![3]!.title);

    // The person reads the list and names the brand of one of the others.
    const brandOf = (i: number) => recommender.catalog.item(black.items![i]!.itemIndex).brand ?? '';
    const others = [1, 2, 4].filter((i) => {
      const brand = brandOf(i).split(/\s+/)[0]!.toLowerCase();
      return brand.length > 2 && black.items!.filter((_, j) => brandOf(j).toLowerCase().startsWith(brand)).length === 1;
    });
    expect(others.length).toBeGreaterThan(0);
    const target = black.items![others[0]!]!;
    const dismissed = await say(`not the ${brandOf(others[0]!).split(/\s+/)[0]} one`);
    expect(dismissed.text).toContain(target.title);
    expect(dismissed.text).toMatch(/will not suggest/);

    const more = await say('more');
    expect(titles(more)).not.toContain(target.title);
    expect(titles(more)).not.toContain(black.items![0]!.title);
    for (const title of titles(more)) expect(title).toMatch(/black/i);
    expectTruthfulHeader(more, FILAMENT, '3D Printing Filament');

    const nozzles = await say('what about nozzles for my printer');
    expect(nozzles.critique!.path.startsWith(PRINTER_PARTS)).toBe(true);
    expectAllWithin(nozzles, nozzles.critique!.path);

    const broader = await say('broader');
    const parent = splitCategoryPath(nozzles.critique!.path).slice(0, -1).join(' - ');
    expect(broader.critique?.path).toBe(parent);
    expectAllWithin(broader, parent);

    expectNoListNoQuestions(await say("what's the weather like today?"));

    const why = await say('why');
    expect(why.text).toContain(black.items![3]!.title);

    expect((await say('reset')).text).toMatch(/^Cleared/);
    const history = await say('history');
    expect(history.text).toContain(black.items![0]!.title);
    expect(history.text).toContain(black.items![3]!.title);
    expect(history.text).not.toContain(target.title);
    await engine.close();
  });
});

describe('a machinist', () => {
  it('narrows end mills to carbide, follows "more like", names items by brand and model, leaves calipers out for taps, and forgets an item without excluding its category', async () => {
    const engine = engineOn('machinist');
    const say = person(engine, 'machinist');

    const mills = await say('show me end mills');
    expect(mills.critique?.path).toBe(END_MILLS);
    expectAllWithin(mills, END_MILLS, mills.items!.length);
    expect(mills.items!.length).toBeGreaterThan(0);

    const carbide = await say('carbide only');
    expect(carbide.items!.length).toBeGreaterThan(0);
    for (const item of carbide.items!) {
      expect(item.title).toMatch(/carbide/i);
      expect(within(END_MILLS, item.categoryPath)).toBe(true);
    }

    const similar = await say('more like the first one');
    expect(similar.critique?.path).toBe(carbide.items![0]!.categoryPath);
    expectAllWithin(similar, carbide.items![0]!.categoryPath, similar.items!.length);

    const broader = await say('broader');
    expect(broader.critique?.path).toBe(splitCategoryPath(similar.critique!.path).slice(0, -1).join(' - '));

    const caliper = await say('i bought a mitutoyo 500-196-30 caliper');
    expect(caliper.text).toMatch(/Added "Mitutoyo 500-196-30/);

    const calipers = await say('calipers');
    expectAllWithin(calipers, CALIPERS);
    for (const title of titles(calipers)) expect(title).not.toMatch(/500-196-30/);

    const micrometer = await say('i also have the mitutoyo micrometer');
    expect(micrometer.text).toMatch(/Added "Mitutoyo 293-340/);

    const taps = await say('no more calipers, threading taps instead');
    expect(taps.critique?.path).toBe(TAPS);
    expectAllWithin(taps, TAPS);
    expectNoneWithin(taps, CALIPERS);

    expectNoPrices(await say('are any of these cheaper?'));

    const oops = await say('oops, forget the mitutoyo micrometer');
    expect(oops.text).toMatch(/Removed "Mitutoyo 293-340/);
    expect(oops.text).not.toMatch(/Leaving out/);

    const again = await say('recommend');
    expectAllWithin(again, TAPS);
    for (const item of again.items!) expect(item.reason).toBe('in Threading Taps');

    const history = (await say('history')).text;
    expect(history).toContain('Mitutoyo 500-196-30');
    expect(history).not.toContain('Mitutoyo 293-340');
    await engine.close();
  });
});

describe('a science teacher', () => {
  it('compares beaker sizes from titles, likes by ordinal, narrows magnets by name, gets honest answers, and sees lists labelled for what they are', async () => {
    const engine = engineOn('teacher');
    const say = person(engine, 'teacher');

    expectGreeting(await say('hi!'));

    const beakers = await say('beakers for my class');
    expect(beakers.critique?.path).toBe(BEAKERS);
    expectAllWithin(beakers, BEAKERS);

    // The teacher reads the list and asks for bigger ones than a beaker whose title gives its size.
    const sized = beakers.items!.findIndex((i) => millilitres(i.title) !== undefined && millilitres(i.title)! < 1000);
    expect(sized, beakers.text).toBeGreaterThanOrEqual(0);
    const reference = millilitres(beakers.items![sized]!.title)!;
    const bigger = await say(`like #${sized + 1} but bigger`);
    expect(bigger.items!.length).toBeGreaterThan(0);
    for (const item of bigger.items!) {
      expect(within(BEAKERS, item.categoryPath)).toBe(true);
      expect(millilitres(item.title), item.title).toBeGreaterThan(reference);
    }

    const liked = await say('the second one looks good');
    expect(liked.text).toContain(`Added "${bigger.items![1]!.title}"`);

    const magnets = await say('industrial magnets');
    expect(magnets.critique?.path).toBe(MAGNETS);
    expectAllWithin(magnets, MAGNETS);

    const specific = await say('more specific');
    expect(specific.choices?.map((c) => c.label).sort()).toEqual(childrenIn(MAGNETS));

    const rare = await say('the rare earth ones');
    expect(rare.critique?.path).toBe(`${MAGNETS} - Rare Earth Magnets`);
    expectAllWithin(rare, `${MAGNETS} - Rare Earth Magnets`);

    expectNoListNoQuestions(await say('tell me a joke'));
    expectNotInCatalog(await say('do you sell textbooks?'), /textbook/i);

    const noMagnets = await say('no magnets please');
    expectNoneWithin(noMagnets, MAGNETS);
    expect(noMagnets.items!.length).toBe(5);

    const list = await say('recommend');
    expectNoneWithin(list, MAGNETS);
    for (const item of list.items!) expect(item.reason).toBe('fits your history');
    expectTruthfulHeader(list, undefined, undefined);

    expect((await say('why')).text).toMatch(/leaving out Industrial Magnets/);
    await engine.close();
  });
});

describe('a safety officer', () => {
  it('holds an exclusion and a positive critique at once, widens from the positive one, hears "we don\'t carry that", and forgets an item rather than a category', async () => {
    const engine = engineOn('safety');
    const say = person(engine, 'safety');

    const firstAid = await say('first aid supplies');
    expect(firstAid.critique?.path).toBe(FIRST_AID);
    expectAllWithin(firstAid, FIRST_AID);

    expect((await say('pick 2')).text).toContain(firstAid.items![1]!.title);

    const signs = await say('safety signs');
    expect(signs.critique!.path.startsWith(SAFETY_SIGNS)).toBe(true);
    expectAllWithin(signs, SAFETY_SIGNS);

    const tape = await say('no more signs, barrier tape instead');
    expect(tape.critique!.path.startsWith(BARRIERS)).toBe(true);
    expectAllWithin(tape, BARRIERS);
    expectNoneWithin(tape, SIGNS);

    // Widening step by step from the positive critique ("barrier tape" may be Safety Barriers or its Tape) up to
    // Safety Signs & Signals, which holds the Signs left out: they stay out.
    let from = tape.critique!.path;
    for (let step = 0; from !== SAFETY_SIGNS && step < 2; step++) {
      const broader = await say('broader');
      expect(broader.critique?.path).toBe(splitCategoryPath(from).slice(0, -1).join(' - '));
      expectNoneWithin(broader, SIGNS);
      from = broader.critique!.path;
      if (from === SAFETY_SIGNS) expectAllWithin(broader, SAFETY_SIGNS);
    }
    expect(from).toBe(SAFETY_SIGNS);

    expectNotInCatalog(await say('hard hats'), /hard hat/i);
    expectNotInCatalog(await say('what about ear plugs'), /ear plug/i);

    expect((await say('I bought a TOGGLER SNAPTOGGLE BA toggle anchor')).text).toMatch(/Added "TOGGLER SNAPTOGGLE BA/);
    const oops = await say('oops no, forget the toggler anchor');
    expect(oops.text).toMatch(/Removed "TOGGLER SNAPTOGGLE BA/);
    expect(oops.text).not.toMatch(/Leaving out/);

    const anchors = await say('anchors');
    expectAllWithin(anchors, ANCHORS);

    expectNoListNoQuestions(await say("what's the weather"));
    expectNoPrices(await say('cheaper'));

    const history = (await say('history')).text;
    expect(history).toContain(firstAid.items![1]!.title);
    expect(history).not.toMatch(/TOGGLER/);
    await engine.close();
  });
});
