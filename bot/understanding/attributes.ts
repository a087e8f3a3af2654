import type { Attribute } from './interpretation.js';
import { hasPhrase } from './clauses.js';
import { englishWords, isStopword, posLexicon, tokens, valence } from './text.js';
import type { UnderstandingWords } from './words.js';

export interface AttributeRequest {
  attribute: Attribute;
  direction?: 'less' | 'more';
  value?: string;
  /** Asked about a shown item ("how much is #2", "how big is it"), not asked for. */
  question?: boolean;
  /** The words that said it, to take out before the rest of the clause is matched to categories. */
  words: string[];
}

/**
 * Comparisons and attributes in a clause: price and size by comparative words ("cheaper", "bigger"), colour and
 * material only with a cue around them ("in black", "carbide only", "brass ones", "made of steel"), so "stainless
 * steel rods" stays a category and "clear acrylic sheet" is no colour request.
 */
export function findAttributes(words: readonly string[], vocabulary: UnderstandingWords, message: readonly string[] = words): AttributeRequest[] {
  const found: AttributeRequest[] = [];
  // "how much is the second one", "how big is it", "what colour is #3": a question about an item, answered from what
  // the catalog records of it; the attribute is not also read as a request ("how small is it" asks for nothing smaller).
  for (const attribute of ['price', 'size', 'colour', 'material'] as const) {
    let hit = vocabulary.questions[attribute].find((p) => hasPhrase(words, [p]));
    // "what is the second one made of": the question word and the phrase apart.
    if (!hit && attribute === 'material' && (words.includes('what') || words.includes('whats'))) hit = ['made of', 'made from'].find((p) => hasPhrase(words, [p]));
    // ("how long does delivery take", "how long till it ships": a question of time, not of size.)
    if (hit === 'how long' && words.some((w) => TIME_WORDS.has(w))) hit = undefined;
    // ("no matter how much i shake it", "how much we use": how much of something one does, no price asked.)
    if (hit === 'how much' && (hasPhrase(words, ['no matter how much']) || hasPhrase(words, DOERS.map((d) => `how much ${d}`)))) hit = undefined;
    if (hit) found.push({ attribute, question: true, words: tokens(hit) });
  }
  // "how many mah is the 5th one": something the catalog keeps no field for.
  if (found.length === 0 && hasPhrase(words, ['how many'])) found.push({ attribute: 'other', question: true, words: ['how', 'many'] });
  const asked = new Set(found.map((f) => f.attribute));
  for (const attribute of ['price', 'size'] as const) {
    if (asked.has(attribute)) continue;
    for (const direction of ['less', 'more'] as const) {
      const phrases = vocabulary[attribute][direction];
      // "too big", "these run small" are said of what is shown: in a longer sentence about someone ("my 5 yo is too
      // big for his harness seat") they describe the situation.
      const ofShown = words.length <= 4 || words.some((w) => SHOWN_PRONOUNS.has(w));
      // ("not the cheap restaurant stuff": the cheap kind refused asks for nothing cheaper.)
      const refused = (p: string) => direction === 'less' && hasPhrase(words, REFUSING_LEADS.map((r) => `${r} ${p}`));
      const hit = phrases.find((p) => hasPhrase(words, [p]) && (ofShown || !/^(?:too|runs?) /.test(p)) && !refused(p));
      if (hit) found.push({ attribute, direction, words: tokens(hit) });
    }
    // "budget isnt an issue" says more, though "budget" alone says less: the longer phrase holding the other wins.
    const [less, more] = (['less', 'more'] as const).map((d) => found.find((f) => f.attribute === attribute && f.direction === d));
    if (less && more && more.words.join(' ').includes(less.words.join(' '))) found.splice(found.indexOf(less), 1);
  }
  // "something quieter", "a warmer one": a comparison the catalog keeps no field for.
  if (!found.some((f) => !f.question)) {
    // ("a 3 way dimmer that works w/ led", "a lighter for the grill": after a determiner or "way", and before what it
    // is for or nothing, a comparative that is also a noun names a thing; "a dimmer one", "a faster flow" still compare.)
    const named = (p: string) => {
      const at = words.indexOf(p);
      return !p.includes(' ') && at > 0 && NOUN_OPENERS.has(words[at - 1]!) && (at + 1 === words.length || NOUN_ENDS.has(words[at + 1]!));
    };
    const other = vocabulary.otherComparatives.find((p) => hasPhrase(words, [p]) && !named(p));
    // ("brighter", "more lumens": more of a quality; "less noisy": less of one.)
    // ("something quieter": more of being quiet; the quality is kept with the direction.)
    if (other) found.push({ attribute: 'other', direction: /^(?:less|fewer) /.test(other) ? 'less' : 'more', value: qualityOf(other), words: tokens(other) });
    // ("something more lightweight", "a less bulky one": more or less of any quality an adjective names.)
    else {
      // (Not "no more static ropes": "no more" refuses.)
      const quality = /(?<! no| any) (more|less) ([a-z]+) /.exec(` ${words.join(' ')} `);
      const adjective = quality !== null && !NOT_QUALITIES.has(quality[2]!) && (posLexicon()[quality[2]!]?.[0] ?? '').startsWith('JJ');
      if (quality && adjective) found.push({ attribute: 'other', direction: quality[1] === 'less' ? 'less' : 'more', value: quality[2]!, words: [quality[1]!, quality[2]!] });
    }
  }
  // "needs to work with homekit", "has to be compatible with my iphone": what it must work with, a field the catalog
  // does not keep.
  if (!found.some((f) => !f.question)) {
    const works = WORKS_WITH.exec(words.join(' '));
    if (works) found.push({ attribute: 'other', value: works[1]!, words: tokens(works[0]) });
  }
  // "only stuff made in the usa": where it is made, a field the catalog does not keep.
  if (!found.some((f) => !f.question)) {
    const origin = MADE_IN.exec(` ${words.join(' ')} `);
    if (origin) {
      const place = origin[1] ?? origin[2]!;
      found.push({ attribute: 'other', value: ORIGIN_NAMES.get(place) ?? place, words: tokens(origin[0]) });
    }
  }
  const mustBe = MUST_BE.exec(words.join(' ')) ?? undefined;
  // "needs to be nonstick", "has to come weathered": a property the thing must have, said with nothing else (not a
  // colour or material, read below; not a noun, "needs to be a stand": a kind).
  if (!found.some((f) => !f.question)) {
    // ("dishwasher safe": a noun before what it is safe for or proof against names a property all the same.)
    const tag = mustBe === undefined || mustBe[1]!.includes(' ') ? undefined : posLexicon()[mustBe[1]!]?.[0];
    if (mustBe !== undefined && !vocabulary.colours.includes(mustBe[1]!) && !vocabulary.materials.includes(mustBe[1]!) && !isStopword(mustBe[1]!) && !(tag ?? '').startsWith('NN')) found.push({ attribute: 'other', value: mustBe[1]!, words: tokens(mustBe[0]) });
  }
  // "left handed", "got a lefty version": which hand it is made for, a field the catalog does not keep.
  if (!found.some((f) => !f.question)) {
    const handed = HANDED.exec(` ${words.join(' ')} `);
    if (handed) found.push({ attribute: 'other', value: (handed[1] ?? handed[2]) === 'right' || handed[2] === 'righty' ? 'right-handed' : 'left-handed', words: tokens(handed[0]) });
  }
  // "one with more channels", "one thats easier to put together": more or less of a quality, said of "one" like
  // those shown; the catalog keeps no field for it.
  if (!found.some((f) => !f.question)) {
    const one = ONE_WITH.exec(words.join(' '));
    if (one) found.push({ attribute: 'other', direction: one[1] === 'less' || one[1] === 'fewer' ? 'less' : 'more', words: tokens(one[0]) });
  }
  // ("one thats cordless", "something that is waterproof": a property of one like those shown, said alone.)
  if (!found.some((f) => !f.question)) {
    const that = ONE_THAT.exec(words.join(' '));
    const tag = that === null ? undefined : posLexicon()[that[1]!]?.[0];
    if (that && !vocabulary.colours.includes(that[1]!) && !vocabulary.materials.includes(that[1]!) && /^(?:JJ|VBN)/.test(tag ?? 'JJ') && !NOT_QUALITIES.has(that[1]!) && valence([that[1]!]) === 0) found.push({ attribute: 'other', value: that[1]!, words: tokens(that[0]) });
  }
  // ("is there a refillable version", "got a cordless one": a property said between "a" and "one", the clause ending there.)
  if (!found.some((f) => !f.question)) {
    const kind = ONE_OF_A_KIND.exec(words.join(' '));
    const tag = kind === null ? undefined : posLexicon()[kind[1]!]?.[0];
    if (kind && !vocabulary.colours.includes(kind[1]!) && !vocabulary.materials.includes(kind[1]!) && /^JJ/.test(tag ?? (/(?:able|ible|less|proof)$/.test(kind[1]!) ? 'JJ' : '')) && !NOT_QUALITIES.has(kind[1]!) && !PLAIN_ONES.has(kind[1]!) && valence([kind[1]!]) === 0) found.push({ attribute: 'other', value: kind[1]!, words: tokens(kind[0]) });
  }
  // "anything organic?", "sugar free options?": a property asked for with no kind of thing named (with one, "organic
  // coffee" or "gluten free pasta", the kind is the request).
  if (!found.some((f) => !f.question)) {
    const property = vocabulary.properties.find((p) => hasPhrase(words, [p]));
    const said = new Set(property ? tokens(property) : []);
    if (property && words.every((w) => said.has(w) || isStopword(w) || PROPERTY_FILLERS.has(w))) found.push({ attribute: 'other', value: property, words: [...said] });
  }
  const padded = ` ${words.join(' ')} `;
  // ("id prefer stainless steel", "rather have bamboo": a preference said with nothing else.)
  const preference = PREFERENCE.exec(padded);
  const preferred = preference?.[1];
  // ("prefer leather over textile": what it is preferred over is said of the same quality, not asked for.)
  const over = (value: string) => (preferred === tokens(value).join(' ') && preference?.[2] !== undefined ? tokens(preference[2]) : []);
  // "carbon instead of aluminum?", "a metal shade instead of plastic": a material or colour set against another one in
  // the message is asked for, wherever the message was cut into clauses.
  // (What follows "instead of", "rather than", "not" or "over": one word and two, read once a message.)
  const spacedMessage = ` ${message.join(' ')} `;
  const setAside = new Set<string>();
  // ("cast iron instead of those thin ones": a pointing word before it is no material.)
  // ("crystal, not regular glass": a plain word for the usual kind before it is no material either.)
  for (const m of spacedMessage.matchAll(SET_ASIDE)) {
    setAside.add(m[1]!);
    if (m[2] !== undefined) setAside.add(`${m[1]} ${m[2]}`);
  }
  // ("cast iron grates instead of those thin wire ones": a material said before "instead of" is the one asked for.)
  const before = / (?:instead of|rather than) /.exec(spacedMessage);
  const preferredBefore = (p: string) => before !== null && spacedMessage.slice(0, before.index + 1).includes(` ${p} `) && padded.includes(` ${p} `);
  const contrasted = (list: readonly string[], p: string) => setAside.size > 0 && padded.includes(` ${p} `) && list.some((other) => other !== p && setAside.has(tokens(other).join(' ')));
  const cued = (phrase: string, alone = false, list: readonly string[] = []) => {
    const p = tokens(phrase).join(' ');
    return preferred === p || mustBe?.[1] === p || [` 100 ${p} `, ` 100 percent ${p} `, ` pure ${p} `, ` in real ${p} `, ` in genuine ${p} `, ` want real ${p} `, ` want genuine ${p} `, ` ${p} only `, ` only ${p} `, ` only want ${p} `, ` want only ${p} `, ` ${p} ones `, ` ${p} one `, ` ${p} version `, ` ${p} versions `, ` made of ${p} `, ` ${p} instead `].some((c) => padded.includes(c)) || (padded.includes(` with a ${p} `) && !padded.endsWith(` with a ${p} `)) || (padded.includes(` ${p} `) && finishPattern('in', p).test(padded)) || finishPattern('opens', p).test(padded) || (alone && padded.trim() === p) || POLITE_ENDS.some((e) => spacedMessage.trim() === `${p} ${e}`) || contrasted(list, p);
  };
  // ("got any in a walnut color", "in a sage colour": a word said as a colour is one, whatever else it names.)
  const saidAsColour = / in (?:a |an |the )?([a-z]+) (?:colou?r|colou?red|shade|tone) /.exec(padded)?.[1];
  const colour = asked.has('colour') ? undefined : (vocabulary.colours.find((c) => cued(c, true, vocabulary.colours)) ?? (saidAsColour !== undefined && !isStopword(saidAsColour) ? saidAsColour : undefined));
  // (The finish said with it goes too: "matte" is no category word in "got that in matte black".)
  const finish = (value: string) => {
    const said = tokens(value).join(' ');
    return tokens(finishPattern('in', said).exec(padded)?.[1] ?? finishPattern('opens', said).exec(padded)?.[1] ?? '');
  };
  // ("navy blue", "olive green": a second colour word says the same colour.)
  const shade = colour === undefined ? undefined : vocabulary.colours.find((c) => c !== colour && padded.includes(` ${tokens(colour).join(' ')} ${c} `));
  // (The words of "needs to be red" are all of the request.)
  const mustWords = (value: string) => (mustBe?.[1] === value ? tokens(mustBe[0]) : []);
  if (colour) found.push({ attribute: 'colour', value: colour, words: [...tokens(colour), ...finish(colour), ...(shade === undefined ? [] : [shade]), ...over(colour), ...mustWords(colour)] });
  // Longest material first: "stainless steel" before "steel".
  const material = asked.has('material') || (saidAsColour !== undefined && colour === saidAsColour) ? undefined : [...vocabulary.materials].sort((a, b) => b.length - a.length).find((m) => cued(m, false, vocabulary.materials) || preferredBefore(m));
  // ("only 100% wool": how much of it goes with it.)
  const purity = (value: string) => / (100(?: percent)?|pure) ([a-z ]+) /.exec(padded)?.[2]?.startsWith(tokens(value).join(' ')) ? tokens(/ (100(?: percent)?|pure) /.exec(padded)![1]!) : [];
  if (material) found.push({ attribute: 'material', value: material, words: [...tokens(material), ...finish(material), ...over(material), ...mustWords(material), ...purity(material)] });
  else if (!asked.has('material')) {
    // "made of cork", "made from bamboo": a material the word list lacks is still a material.
    const made = /\bmade (?:of|from|out of) ([a-z]+)\b/.exec(padded);
    if (made && !isStopword(made[1]!)) found.push({ attribute: 'material', value: made[1]!, words: ['made', made[1]!] });
  }
  // "size 10", "in an xl", "34 waist", "a 9.5": a size said outright (and "size" with a comparison, "in a bigger size").
  const size = found.find((f) => f.attribute === 'size');
  if (size && !size.question) size.words.push(...words.filter((w) => w === 'size' || w === 'sizes'));
  else if (!size) {
    const value = /\b(?:size (\d{1,2}(?:\.5)?|xxs|xs|s|m|l|xl|xxl|xxxl|[2-5]xl|small|medium|large|petite|plus)|(xxs|xs|xl|xxl|xxxl|[2-5]xl)|(\d{2}) (?:waist|inseam)|(\d{1,2}(?:\.5)?) (?:wide|narrow)|(wide|narrow|extra wide) (?:width|widths|fit))\b/.exec(padded);
    if (value) found.push({ attribute: 'size', value: value.slice(1).find((v) => v !== undefined)!, words: tokens(value[0]) });
  }
  // "under 30 bucks", "below 50", "less than 20 dollars": a price ceiling (not "under 5 lbs").
  if (!found.some((f) => f.attribute === 'price')) {
    const ceiling = /\b(?:under|below|less than|max|at most|no more than|not over|not more than|cheaper than|within|around|about|roughly|up to|budget(?: is| of)?) \$?(\d+)(?![a-z\d])(?: ([a-z]+))?/.exec(padded);
    // ("around 1200", "about 300 bucks": a budget, said as a ceiling; "1200 max", "50 tops", "100 or less" too. Not a
    // measure written with its unit: "around 90cm".)
    const after = /\b\$?(\d{2,})(?: (?:bucks|dollars|usd))? (?:max|tops|or less|or under|at most)\b/.exec(padded);
    if (ceiling && !MEASURE_UNITS.has(ceiling[2] ?? '') && (Number(ceiling[1]) >= 10 || /^(?:under|below|less than|max|at most|no more than|not over|not more than|cheaper than|within)\b/.test(ceiling[0]))) found.push({ attribute: 'price', direction: 'less', words: tokens(ceiling[0]) });
    else if (after) found.push({ attribute: 'price', direction: 'less', words: tokens(after[0]) });
  }
  // ("needs to be bigger": the words around a comparison are all of the request.)
  const comparison = mustBe === undefined ? undefined : found.find((f) => !f.question && f.words.join(' ') === mustBe[1]);
  if (comparison) comparison.words.push(...tokens(mustBe![0]).filter((w) => !comparison.words.includes(w)));
  return found;
}

/** Finishes and shades said between "in" and a colour or material ("in matte black", "in dark grey", "in brushed brass"). */
const FINISHES = 'matte|matt|flat|glossy|gloss|satin|dark|light|bright|pale|deep|hot|baby|brushed|polished|metallic|jet|solid|neon|fluorescent|hi vis|high vis|hi viz|high viz';
/**
 * A finish said with a value, its finish (if any) captured: " in [a] [finish] <value> " (`in`), or a clause opening on
 * "[finish] <value> " (`opens`: "bright yellow so my buddy can spot me", "flat black please"). Made once a value.
 */
const finishPatterns = new Map<string, RegExp>();
function finishPattern(where: 'in' | 'opens', value: string): RegExp {
  const key = `${where} ${value}`;
  let pattern = finishPatterns.get(key);
  if (!pattern) finishPatterns.set(key, (pattern = new RegExp(where === 'in' ? ` in (?:a |an |the |all )?(?:(${FINISHES}) )?${value} ` : `^ (${FINISHES}) ${value} `)));
  return pattern;
}

/**
 * The whole clause saying what the thing must be: "needs to be nonstick", "it has to come weathered", "must be
 * dishwasher safe", and why, if said ("has to be superwash so it can go in the machine": the why is no thing asked for).
 */
const MUST_BE = /^(?:(?:it|they|one|ones|this|these|that|those|the|item|items|just|really|also|and|but|so) )*(?:needs? to|has to|have to|must|should|gotta|got to) (?:be|come) ([a-z][a-z-]+(?: (?:safe|proof|friendly|free|resistant|rated))?)(?: (?:please|pls|plz|though|tho|ideally))?(?: (?:so|because|cause|since|as) [a-z0-9 ]+)?$/;

/** "needs to work with homekit not just alexa", "it has to be compatible with my iphone": the thing it must work with (and the others said with it). */
/** Where a thing is made, said as people say it ("made in the usa", "american made"). */
const MADE_IN = / (?:made|built|manufactured) in (?:the )?(usa|us|america|united states|canada|germany|japan|italy|uk|england|britain|france|china|mexico|sweden|switzerland) | (american|usa|german|japanese|italian|british|canadian|swiss) made /;
/** One name for each country said several ways. */
const ORIGIN_NAMES = new Map([['us', 'usa'], ['america', 'usa'], ['united states', 'usa'], ['american', 'usa'], ['england', 'uk'], ['britain', 'uk'], ['british', 'uk'], ['german', 'germany'], ['japanese', 'japan'], ['italian', 'italy'], ['canadian', 'canada'], ['swiss', 'switzerland']]);
const WORKS_WITH = /\b(?:needs? to|has to|have to|must|should|gotta|got to) (?:work|works|be compatible|pair|sync) with (?:my |a |an |the |our )?([a-z0-9]+(?: (?!(?:not|and|or|but|so|because|too|also|please|pls)\b)[a-z0-9]+)*)(?: (?:not just|not only|and also|as well as|and|or) [a-z0-9]+)*/;

/** "left handed", "left-hand", "lefty", "right handed": the hand a thing is made for. */
const HANDED = / (?:(left|right) ?hand(?:ed)?|(lefty|righty)) /;

/** What opens a clause about one like those shown: "i want one", "any version", "a model". */
const ONE_LEADS = String.raw`^(?:(?:i|want|need|id|like|would|got|do|you|have|is|there|any|show|me|maybe|please|pls|ok|so)\s+)*(?:a |an |the )?(?:one|ones|something|anything|version|model)`;
/** "one thats cordless", "something that is waterproof": the whole clause. */
const ONE_THAT = new RegExp(String.raw`${ONE_LEADS} (?:thats|that is|that s|which is|that are|thatre) ([a-z][a-z-]+)$`);
/** Words before "one" that say which one, not what it is like ("a new one", "a real one"). */
const PLAIN_ONES = new Set(['new', 'old', 'whole', 'single', 'real', 'proper', 'actual', 'normal', 'regular', 'usual', 'extra', 'spare', 'main', 'basic', 'decent', 'cheap', 'nice', 'better', 'good', 'similar', 'next', 'last', 'first', 'only']);
/** "is there a refillable version", "a cordless one please": the whole clause. */
// (Asked for: "an electric one" alone may be the kind refused in "rather a push cart than an electric one".)
const ONE_OF_A_KIND = /^(?:(?:i|id|like|would|do|you|me|maybe|please|pls|ok|so|guys)\s+)*(?:want|need|got|have|is there|any|show me|do you have|you have)\s+(?:(?:you|me|got|there)\s+)?(?:a|an|any) ([a-z][a-z-]+) (?:one|ones|version|versions|model|models)(?: (?:please|pls|plz|instead|maybe|too|available))?$/;
/** "one with more channels", "a model with fewer buttons", "one thats easier to put together", at the clause's start. */
const ONE_WITH = new RegExp(String.raw`${ONE_LEADS}\s+(?:with|w|that has|that have|thats|that is|which has|that s)\s+(?:(more|less|fewer|extra|better)\s+[a-z]+|[a-z]+er\s+to(?:\s+[a-z]+)+$)`);

/**
 * The quality a comparative of one word compares ("quieter": quiet, "softer": soft, "bigger": big, "easier": easy,
 * "wider": wide), when English has it; undefined for phrases ("more lumens") and other words.
 */
function qualityOf(comparative: string): string | undefined {
  const word = comparative.split(' ')[0]!;
  if (comparative.includes(' ') && !/^[a-z]+er$/.test(word)) return undefined;
  if (!/^[a-z]{3,}er$/.test(word)) return undefined;
  const stem = word.slice(0, -2);
  const bases = [stem, `${stem}e`, /(.)\1$/.test(stem) ? stem.slice(0, -1) : '', stem.endsWith('i') ? `${stem.slice(0, -1)}y` : ''];
  return bases.find((b) => b.length >= 3 && englishWords().has(b) && (posLexicon()[b] ?? []).some((t) => t.startsWith('JJ')));
}

/** Words before a comparative that make it a noun ("a dimmer", "3 way dimmer", "my cooler"). */
const NOUN_OPENERS = new Set(['a', 'an', 'the', 'my', 'this', 'that', 'some', 'any', 'way', 'new', 'another', 'his', 'her', 'our', 'their', 'your']);
/** Words after such a noun that go on to say what it is for ("a lighter for the grill", "a dimmer that works w/ led"); before a noun, "a faster flow", it compares. */
const NOUN_ENDS = new Set(['for', 'that', 'which', 'with', 'w', 'to', 'on', 'in', 'from', 'and', 'or', 'i', 'we']);

/** Words that make "how long" a question of time. */
const TIME_WORDS = new Set(['take', 'takes', 'took', 'until', 'till', 'til', 'does', 'do', 'will', 'would', 'wait', 'ship', 'ships', 'shipping', 'delivery', 'deliver', 'arrive', 'last', 'lasts', 'ago', 'charge', 'warranty']);

/** Words that point at what is shown ("it's too big", "these run small"). */
const SHOWN_PRONOUNS = new Set(['it', 'its', 'they', 'theyre', 'these', 'those', 'them', 'this', 'thats', 'that', 'one', 'ones']);

/** A preference said with nothing else: what is preferred. */
const PREFERENCE = /^ (?:i |id |i would |i d )?(?:prefer|rather have|would rather have) (.+?) (?:(?:than|over|to) ([a-z ]+?) )?(?:please |pls |if possible |if (?:they|you) (?:have|make|got|carry) (?:it|them|any|one) |if (?:theres|there is|there are|theyre|they are|its) (?:one|any|some|available|made) |if available |honestly |tbh |really |though |tho |personally |actually )*$/;

/** Politeness after a colour or material that is the whole message ("leather please"; after a kind refused, "aluminum please" is that kind in aluminum). */
const POLITE_ENDS = ['please', 'pls', 'plz', 'only', 'if possible'];

/** Words after "more" or "less" that are no quality of the items: commands and likeness ("more specific", "more similar"). */
const NOT_QUALITIES = new Set(['specific', 'general', 'broad', 'similar', 'like', 'alike', 'same', 'different', 'other', 'popular', 'recent']);

/** Words around a property asked for alone: "anything organic?", "got sugar free options", "any vegan ones", "needs to be waterproof". */
/** Words for the usual kind of a thing ("regular glass"), no kind of their own. */
export const PLAIN_WORDS = new Set(['regular', 'normal', 'plain', 'ordinary', 'standard', 'cheap']);

/** What follows "instead of", "rather than", "not" or "over": one word and two, a pointing or plain word before them aside. */
const SET_ASIDE = new RegExp(String.raw` (?:instead of|rather than|not|over) (?:the |a |an |those |these |that |this )?(?:(?:${[...PLAIN_WORDS].join('|')}) )?([a-z]+)(?: ([a-z]+))?(?= )`, 'g');

/** Who does a thing, after "how much" when it says how much one does ("how much i put in"). */
const DOERS = ['i', 'we', 'you', 'he', 'she', 'they', 'ive', 'weve', 'youve', 'id', 'wed'];

/** A refusal said just before a word of price ("not the cheap ..."). */
const REFUSING_LEADS = ['not', 'not the', 'not a', 'no', 'none of the', 'not those', 'not that', 'dont want the', 'dont want', 'nothing'];

const PROPERTY_FILLERS = new Set(['anything', 'something', 'options', 'option', 'ones', 'one', 'stuff', 'got', 'have', 'any', 'pls', 'please', 'only', 'too', 'also', 'version', 'versions', 'kind', 'kinds', 'needs', 'need', 'must', 'gotta', 'has', 'be', 'it', 'should', 'to', 'is']);

/** Units after a number that make "under 5 lbs" a size or weight, not a price. */
export const MEASURE_UNITS = new Set(['mm', 'cm', 'm', 'km', 'in', 'inch', 'inches', 'ft', 'feet', 'foot', 'yd', 'yards', 'lb', 'lbs', 'pounds', 'kg', 'g', 'grams', 'oz', 'ounces', 'l', 'liter', 'liters', 'litre', 'litres', 'ml', 'gallon', 'gallons', 'gal', 'qt', 'w', 'watts', 'v', 'volts', 'mah', 'psi', 'pcs', 'pieces', 'pack', 'count', 'person', 'people', 'degrees', 'years', 'months', 'hours', 'minutes', 'miles', 'percent', 'sq', 'square', 'lumens', 'lumen', 'gb', 'tb', 'hz', 'mph', 'cc', 'ppl', 'guests', 'kids', 'days', 'weeks', 'times', 'yr', 'yrs', 'yo', 'lbs', 'k']);
