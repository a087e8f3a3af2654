import { isCanNoun, isMeaningful, isStopword, MAX_CHARS, MAX_TOKENS, meaningfulWords, posLexicon, tokens } from './text.js';
import type { UnderstandingWords } from './words.js';

/** Most clauses one message is read as; the rest is ignored (and per-message work stays bounded). */
export const MAX_CLAUSES = 6;

/** One request inside a message: "no more gloves please, I need pipette tips" has two. */
export interface Clause {
  /** The clause as written, lowercased ('#' and digits kept). */
  text: string;
  words: string[];
  /** Negation scoped to this clause ("no more gloves"), or inherited across "and" ("no gloves and tape"). */
  negated: boolean;
  /**
   * The words of a reason said just before and left out as no request ("my cotton wicks keep mushrooming so i want to
   * switch to wood ones"): still what a "one" in this clause may stand for (wicks).
   */
  context?: string[];
}

/** Words that ask for something without naming it: they carry no product meaning. */
const REQUEST_WORDS = new Set([
  // ("similar but cheaper", "same but in black": like what is shown, no product named.)
  'similar', 'same', 'alternative', 'alternatives',
  // ("anything except sofas": what is left out is the product.)
  'except', 'excluding', 'besides',
  'show', 'give', 'want', 'need', 'needs', 'get', 'find', 'actually', 'carry', 'carries', 'sell', 'sells', 'stock', 'looking', 'look', 'please', 'pls', 'any', 'some', 'something', 'stuff', 'things', 'thing',
  'instead', 'just', 'now', 'also', 'maybe', 'would', 'could', 'like', 'use', 'prefer', 'rather', 'im', 'ill', 'id', 'ive', 'lets', 'me', 'us',
  'how', 'what', 'about', 'have', 'got', 'do', 'does', 'buy', 'order', 'search', 'searching', 'hunting', 'after', 'anything', 'ones', 'one', 'kind',
  'type', 'sort', 'really', 'again', 'anymore', 'great', 'good', 'fine', 'perfect', 'cool', 'ok', 'okay', 'thanks', 'thank', 'you', 'yes', 'more',
  'less', 'else', 'other', 'others', 'said', 'is', 'are', 'be', 'was', 'were', 'will', 'can', 'cant', 'is', 'it', 'that', 'this', 'those', 'these',
  'there', 'here', 'see', 'try', 'bring', 'add', 'go', 'going', 'gonna', 'wanna', 'interested', 'into', 'with', 'thats', 'whats', 'suggest',
  'recommend', 'recommendation', 'recommendations', 'options', 'option', 'choices', 'version', 'versions', 'plenty', 'enough', 'already', 'done', 'rid', 'stop', 'showing',
  'suggesting', 'skip', 'avoid', 'exclude', 'hide', 'never', 'no', 'not', 'dont', 'without', 'forget', 'drop', 'remove', 'none', 'fewer', 'hate',
  'tired', 'sick', 'too', 'much', 'many', 'little', 'hey', 'hi', 'hello', 'oops', 'hmm', 'well', 'oh', 'great', 'tho', 'though',
  // ("tbh i think i want a proper espresso setup": hedges say how sure one is, not what one wants.)
  'tbh', 'ngl', 'imo', 'imho', 'idk', 'honestly', 'think', 'guess', 'probably', 'prob', 'kinda', 'sorta',
  // ("nothing rescue related": "related" says no more than "stuff" would.)
  'related',
  // ("youre not allowed to go on the floor", "if theres one": contractions typed without their apostrophe name nothing.)
  'youre', 'youve', 'youd', 'youll', 'theyre', 'theyve', 'theyd', 'theyll', 'theres', 'heres', 'wheres', 'whos', 'hows', 'hes', 'shes', 'itll', 'weve',
]);

/** Words that ask for a thing without naming it ("something to sprinkle on", "stuff for my coffee maker"). */
export const UNNAMED_THINGS = new Set(['something', 'stuff', 'thing', 'things', 'anything', 'smth', 'sth', 'somethin']);

/** Words that join two parts of a name ("melt and pour") without naming anything. */
export const JOINERS = new Set(['and', 'or']);

/** Cues that start a request of its own: after "and" they mean a new clause, not more of the negated one. */
const POSITIVE_CUES = ['show', 'give', 'want', 'need', 'get', 'find', 'how about', 'what about', 'more', 'now', 'bring', 'add', 'prefer', 'instead', 'just', 'only', 'i could use', 'id like', 'i would like'];

/** Verbs that, opening a part after "and", choose something of their own ("stop buying disposables and go the reusable route"). */
const OPENS_A_CHOICE = new Set(['go', 'try', 'switch', 'use', 'grab', 'pick']);

export function hasPhrase(words: readonly string[], phrases: readonly string[]): boolean {
  const padded = ` ${words.join(' ')} `;
  return phrases.some((p) => padded.includes(` ${tokens(p).join(' ')} `) && tokens(p).length > 0);
}

/** Product words of a clause: what is left once request, negation, greeting and stop words are taken out. */
export function contentWords(words: readonly string[], vocabulary: UnderstandingWords): string[] {
  const greetings = new Set([...vocabulary.greetings, ...vocabulary.acknowledgements]);
  const idioms = new Set(words.filter((w, i) => IN_IDIOMS_ONLY.get(w)?.(words[i - 1] ?? '', words[i + 1] ?? '', words[i - 2] ?? '')));
  // (Each such word is left out where any of its uses in the clause is the idiom; a clause rarely has both.)
  return words.filter((w, i) => isMeaningful(words, i) && (!REQUEST_WORDS.has(w) || isCanNoun(words, i)) && !greetings.has(w) && !idioms.has(w));
}

/**
 * Words that say nothing of the thing asked for only in their idioms, "cant stand", "a lot of", "thanks a lot", "a bit
 * bigger", and name things elsewhere: "anvil stand", "penny lot", "drill bit", "just the bit".
 */
const IN_IDIOMS_ONLY = new Map<string, (before: string, after: string, twoBefore: string) => boolean>([
  // ("my feet froze in the stand": a place one was in, not a stand asked for.)
  ['stand', (before, _after, twoBefore) => /^(?:cant|cannot|couldnt|not|never)$/.test(before) || (before === 'the' && /^(?:in|on|at|from|up)$/.test(twoBefore))],
  ['lot', (before, after) => before === 'a' || after === 'of' || after === 'more'],
  ['lots', (before, after) => after === 'of' || after === 'more' || after === '' || before === 'thanks'],
  ['bit', (before, after) => before === 'a' || before === 'little' || after === 'of'],
  // ("any zensa left", "got any size 10s left": stock remaining, said last; not "the left one", "turn left".)
  ['left', (before, after) => after === '' && before !== '' && !/^(?:the|to|on|my|your|his|her|a|its|from|far|upper|lower|top|bottom)$/.test(before)],
]);

const clean = (text: string) =>
  text
    .toLowerCase()
    // ("the last one's no good": "one's" is "one is", a verdict on it, before the apostrophe goes.)
    .replace(/\b(ones?)[’']s\b/g, '$1 is')
    .replace(/[’']/g, '')
    // ("whatcha got from knoblochs": what do you have.)
    .replace(/\b(?:whatcha|watcha|wotcha|whaddya)\b/g, 'what do you')
    // ("sets rock hard", "dirt cheap", "razor sharp": a thing's name that only says how much is no thing asked for.)
    .replace(/\b(?:rock (?=(?:hard|solid)\b)|bone (?=dry\b)|stone (?=cold\b)|razor (?=sharp\b)|dirt (?=cheap\b)|crystal (?=clear\b)|paper (?=thin\b)|feather (?=light\b)|lightning (?=fast\b)|dead (?=(?:quiet|silent)\b)|brand (?=new\b))/g, 'very ')
    // ("good on shoe trees, what about brushes": "good on" opening a clause is "im good on", had enough of.)
    .replace(/(^|[,.;!?]\s*|\bbut\s+)(?:(?:ok|okay|yeah|so)\s+)?good on\b/g, '$1im good on')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');

/**
 * Splits a message into clauses: at sentence ends, semicolons, commas and "but"; at "instead of" (what follows is
 * negated); and at "and"/"or" inside a negated clause when what follows starts a request of its own ("stop with the
 * toothbrushes and show toothpaste"); otherwise what follows "and" keeps the negation ("no gloves and tape").
 */
/** Taking back what one just said: "scratch that", "no wait", "never mind", "on second thought". */
const CORRECTION = /\b(?:(?:no|oh|ok|okay|sorry|hmm|actually|wait)\s+)*(?:scratch that|strike that|never ?mind(?: that)?|no wait|wait no|on second thoughts?|forget (?:that|what i said))(?:\s+(?:no|wait|actually|sorry))*\b/;

/** Places one moves to ("moving to an apartment with a tiny balcony"): a move of home, no switch to another thing. */
const HOMES = String.raw`(?:apartment|house|home|flat|condo|dorm|place|city|town|state|country|farm|ranch|island|coast)s?`;
/** What one switches to, opening a clause: "im switching to sand", "switch over to fixed blades". */
/** (Moving up to a better kind is a switch too: "want to move up to a press", "upgrade to steel".) */
const SWITCHING = String.raw`(?:(?:im|i am|we are|were|ill|i will|i wanna|i want to|want to|wanna|i think ill|i d like to|id like to)\s+)?(?:switching|switch|moving|going over|changing|gonna switch|move up|moving up|step up|stepping up|upgrade|upgrading|trade up)\s+(?:over\s+)?to(?!\s+(?:a |an |the |my |our )?(?:new |small |smaller |tiny |little |big |bigger )?${HOMES}\b)`;
const SWITCHING_TO = new RegExp(String.raw`^\s*${SWITCHING}\b`);
/**
 * Where a sentence is cut into clauses: a contrast, or "so" before a "maybe", a refusal, what one switches to or what
 * one would rather have ("parchment keeps tearing so id rather have something reusable"); "and" before what one
 * would rather have ("my straw hat fell apart and id rather have a visor").
 */
const CLAUSE_CUTS = new RegExp(String.raw`\b(?:but|however|although|though|whereas)\b|\bso\b(?=\s+(?:maybe|perhaps|probably|prob|forget|no more|nothing|none|skip|(?:i\s+)?(?:dont|do not) (?:need|want|show|bother)|${SWITCHING}|(?:id|i would|wed|we would) rather)\b)|\band\b(?=\s+(?:id|i would|wed|we would|i d) (?:much )?rather\b)`);

/** Someone saying what they have or need, which opens a clause of its own after a refusal run on without a comma. */
const RUN_ON_SUBJECT = /\s(?=(?:i|we|ive|weve|id|wed)\s+(?:(?:already|really|just|still|do)\s+)?(need|want|wanna|gotta|own|(?:have|got)(?!\s+to\b))\b)/;

/**
 * "skip the books i got enough reading", "no more gloves i need pipette tips": a refusal run on into what one has or
 * needs, without a comma, is two clauses; the refusal's noun phrase ends where the person starts saying so.
 */
function runOnRefusal(said: string, vocabulary: UnderstandingWords, namedAfterNo: (word: string, refusing: string) => boolean): string[] {
  const cut = RUN_ON_SUBJECT.exec(said);
  if (!cut || tokens(said.slice(0, cut.index)).length < 2 || !negates(tokens(said.slice(0, cut.index)), vocabulary, namedAfterNo)) return [said];
  // (What one has, said after it, is why: "no gloves we have plenty" refuses gloves and asks for nothing more.)
  const why = OWNING.test(cut[1]!);
  return why ? [said.slice(0, cut.index)] : [said.slice(0, cut.index), said.slice(cut.index)];
}

/** Someone saying they need or want something, after any subject and adverb: "i need", "we really want", "needs". */
export const SAYS_A_NEED = String.raw`(?:(?:i|we)\s+)?(?:(?:really|just|still|also|only|now)\s+)?(?:needs?|want|wanna)\b`;
/** Who may say they have a thing, at a clause's start ("i", "we", "ive", or no one said: "got a tent"). */
export const HAVER = String.raw`^(?:(?:i|we|ive|weve)\s+)?`;
/** The verbs of having a thing: bought, ordered or put in already ("replaced the springs already"). */
export const HAVING_VERBS = 'have|got|own|bought|ordered|picked up|replaced';
/** Saying what one has or just got, at the start of a clause ("i have my pipes", "just bought a bag", "got the boots sorted"). */
const OWNING_OPENS = new RegExp(String.raw`${HAVER.replace('^', '^\\s*')}(?:(?:already|just|finally|now)\s+)?(?:has|${HAVING_VERBS})\s+\S`);
/** Where the person goes on to what they need, without a comma: "... and want", "... now i need". */
// ("now" stays with what is needed: "now i need tips for it" reads "it" as the thing just had.)
const RUN_ON_NEED = new RegExp(String.raw`\s+(?:and\s+|so\s+)?(?=(?:now\s+)?${SAYS_A_NEED})`);

/**
 * "i have my pipes now i need a bag for the chanter", "just bought a synthetic bag and want a cover": what one has, run
 * on into what one needs without a comma, is two clauses; otherwise the whole reads as something owned.
 */
function runOnOwning(said: string): string[] {
  if (!OWNING_OPENS.test(said)) return [said];
  const cut = RUN_ON_NEED.exec(said);
  if (!cut || tokens(said.slice(0, cut.index)).length < 2) return [said];
  return [said.slice(0, cut.index), said.slice(cut.index + cut[0].length)];
}

/** After a trailing "no", words with which it refuses what came before or means something else ("no thanks", "no more"). */
const TRAILING_NO_KEEPS = new Set(['thanks', 'thx', 'ty', 'more', 'way', 'problem', 'problems', 'worries', 'matter', 'idea', 'longer', 'clue', 'biggie', 'rush', 'joke', 'lie', 'kidding', 'thank']);
/** Before a trailing "no", words with which it is no refusal of a kind ("yes or no", "said no", "say no"). */
const TRAILING_NO_AFTER = new Set(['or', 'and', 'say', 'said', 'says', 'saying', 'is', 'are', 'was', 'were', 'theres', 'there', 'of', 'to', 'with', 'without', 'but']);
/** Words of refusal, before which a trailing "no" adds to it ("not that one no way"). */
const NEGATION_WORDS = new Set(['no', 'not', 'nope', 'nah', 'never', 'dont', 'doesnt', 'didnt', 'wont', 'cant']);

/** Saying what one already has ("we have", "i've got", "i own"). */
const OWNING = /\b(?:have|has|got|own|owns)\b/;

/** The state a part is in when it has to be replaced. */
const WORN_OUT = String.raw`(?:worn|shot|ripped|torn|dull|cracked|broken|busted|dead|bent|snapped|split|chewed|fried|toast|leaking|leaks|cracking|warped|frayed|stripped|rusted|clogged|bald|shredded|kaput|done for|died|broke|gave out|wore out|quit|packed in|packed up|falling apart|fell apart|coming apart|came apart|worn through)`;
/** A whole that works: "the ro runs fine", "our finisher is fine", "have the stones". */
const WORKING_WHOLE = String.raw`(?:(?:(?:my|our|the|his|her|their)\s+)?([a-z0-9][a-z0-9 -]{0,30}?)\s+(?:is|are|runs?|works?|seems?)\s+(?:still\s+)?(?:fine|ok|okay|good|great|perfect|solid)|(?:i\s+|we\s+)?(?:have|got|own)\s+(?:(?:the|a|my|our|some)\s+)?([a-z0-9][a-z0-9 -]{0,30}?)(?:\s+already)?)`;
const PART_OF_WORKING_WHOLE = new RegExp(String.raw`^${WORKING_WHOLE}\s*,?\s*but\s+(?:the\s+|its\s+|their\s+|my\s+|our\s+)?([a-z0-9][a-z0-9 -]{0,30}?)\s+(?:(?:is|are|has|have|got|went|keeps?|kept)\s+)?(?:(?:been|all|totally|completely|kinda|pretty)\s+)?${WORN_OUT}\b[^,.;]*(.*)$`);
/** What asks only for a new one of what was just said: "need replacements", "need a new one". */
const JUST_A_NEW_ONE = /^[\s,.;]*(?:(?:so|and)\s+)?(?:(?:i|we)\s+)?(?:need|want|gotta get|looking for)\s+(?:a\s+|some\s+)?(?:new\s+ones?|new\s+one|replacements?|another(?:\s+one)?|spares?)(?:\s+(?:for|of)\s+(?:it|them|that|those))?[\s.!]*$/;
/** A request for a new one of something, and what it names: "need a new 000 blade". */
const NEW_ONE_OF = /^[\s,.;]*(?:(?:so|and)\s+)?(?:(?:i|we)\s+)?(?:need|want|gotta get|looking for)\s+(?:a\s+|some\s+)?(?:new|replacement|fresh|another)\s+([a-z0-9][a-z0-9 -]*?)[\s.!]*$/;
/** Wholes that name nothing: "ours is fine but the net ripped" says the net only. */
const PRONOUN_WHOLES = new Set(['it', 'ours', 'mine', 'everything', 'that', 'this', 'rest', 'thing', 'one']);

/** Two ways to say the part of a working whole that is wanted; whichever reads surer is meant. */
export interface PartOfWhole {
  /** The whole that works: "ro", "stones". */
  whole: string;
  /** Named as stores name parts, after the whole: "ro membrane", "stones handles". */
  compound: string;
  /** The whole had and the part needed: "i already have a gangline, need new tuglines". */
  owned: string;
}

/**
 * "the ro runs fine but the membrane is shot, need a replacement", "have the stones but the handles are cracked": the
 * whole works and a part of it is worn out, so the part is wanted, not the whole. A request that only asks for a new
 * one goes; one that names the part again with more of it ("need a new 000 blade") is the part; anything else is read
 * after it. Undefined when the message says no such thing.
 */
export function partOfWorkingWhole(message: string): PartOfWhole | undefined {
  const said = clean(message).trim();
  const m = PART_OF_WORKING_WHOLE.exec(said);
  if (!m) return undefined;
  // ("the gangline itself is fine": the whole, itself.)
  const whole = (m[1] ?? m[2]!).replace(/\s+itself$/, '').trim();
  if (PRONOUN_WHOLES.has(whole)) return undefined;
  const part = m[3]!.trim();
  const rest = m[4]!;
  const again = NEW_ONE_OF.exec(rest);
  const named = JUST_A_NEW_ONE.test(rest) ? { part, rest: '' } : again && tokens(again[1]!).includes(tokens(part).at(-1)!) ? { part: again[1]!.trim(), rest: '' } : { part, rest };
  return { whole, compound: `${whole} ${named.part}${named.rest}`, owned: `i already have a ${whole}, need new ${named.part}${named.rest}` };
}

/** The whole message as one clause: for what a split would cut, such as a pasted title with commas and dashes. */
export function wholeMessage(message: string, vocabulary: UnderstandingWords): Clause {
  const text = clean(message.slice(0, MAX_CHARS)).trim();
  const words = tokens(text).slice(0, MAX_TOKENS);
  return { text, words, negated: hasPhrase(words, vocabulary.negation) };
}

/** What the catalog's names say, for where a clause ends. */
export interface CatalogNaming {
  /** Words the catalog writes after "no" in its names and titles ("No Show & Liner Socks"): "no show socks" refuses nothing. */
  writesAfterNo(word: string, refusing: string): boolean;
  /** Two words a category name says one after the other ("melt and", "and pour" of Melt and Pour Bases). */
  namesInTurn(first: string, second: string): boolean;
}

const NAMES_NOTHING: CatalogNaming = { writesAfterNo: () => false, namesInTurn: () => false };

export function splitClauses(message: string, vocabulary: UnderstandingWords, naming: CatalogNaming = NAMES_NOTHING): Clause[] {
  const namedAfterNo = (word: string, refusing: string) => naming.writesAfterNo(word, refusing);
  // "anything but yoga", "everything except": one exclusion, not a contrast between two clauses. ("cool and all but"
  // is filler before a contrast: "and all" is dropped first.)
  const text = clean(message.slice(0, MAX_CHARS))
    .replace(/\band all\b(?=[\s,]*but\b)/g, '')
    // "nothing but carbide" asks for carbide alone.
    .replace(/\bnothing but\b/g, 'only')
    // "an old fashioned hydrometer as a backup", "as a gift": the role it will play says nothing of what it is.
    .replace(/\bas (?:a|an|my) (?:backup|back up|spare|gift|present|stocking stuffer)\b/g, '')
    // "not the drapery side of things": the kind said before it is the whole of what is meant.
    .replace(/\b(?:side|end|part) of things\b/g, '')
    // "not a fan of glass tables" refuses glass tables (no fan asked about).
    .replace(/\bnot (?:a |the )?(?:big |huge |massive )?fan of\b/g, 'not into')
    // "not keen on 4 or 5", "not sold on the green ones": the same dislike in other words.
    .replace(/\bnot (?:so |that |too |very |really |super |all that )?(?:keen on|crazy about|sold on|wild about|big on|mad about|thrilled (?:about|with)|impressed (?:by|with))\b/g, 'not into')
    .replace(/\b(anything|everything|whatever|all)\s+but\b/g, '$1 except')
    // "switching from gravel to sand": the first given up, the second asked for.
    .replace(/\b(?:switch|switching|switched|changing|moving|going) (?:over )?from ((?:[a-z0-9-]+ ){0,3}?[a-z0-9-]+) (?:over )?to\b/g, 'no more $1, ')
    // "dont bother with the show combs", "no need to bother showing me megaphones": the asker spares the bot the
    // trouble of what follows, a refusal of it, said as "skip" (not "so i dont bother the neighbours", nothing named).
    .replace(/\b(?:(?:dont|do not|no need to|you neednt|you dont need to|you do not need to) (?:even )?bother (?:with|showing(?: me)?|suggesting|about|looking at)|(?:i|we) (?:can|could) (?:easily )?live without)\b/g, 'skip')
    // "leave the goat stuff out", "leave off the heat lamps": a refusal, said as "skip" (no word of it left to match).
    .replace(/\bleave ((?:the |all |any |those |these |that )?(?:[a-z0-9-]+ ){0,3}?[a-z0-9-]+) (?:out|off)\b/g, 'skip $1')
    .replace(/\bleave (?:out|off)\b/g, 'skip')
    // "flux core welder no gas": a refusal said last, after a thing named, is a clause of its own ("welder, no gas"),
    // not a refusal of the welder. (Not "yes or no", "with no gas", "no thanks", "no more".)
    .replace(/\b([a-z0-9-]+) ([a-z0-9-]+) no ([a-z]+)(?=\s*(?:$|[.!?;,\n]))/g, (all, a: string, b: string, x: string) => (TRAILING_NO_KEEPS.has(x) || HAVING.has(b) || TRAILING_NO_AFTER.has(b) || NEGATION_WORDS.has(b) || NEGATION_WORDS.has(a) ? all : `${a} ${b}, no ${x}`));
  const clauses: Clause[] = [];
  let budget = MAX_TOKENS;
  let reason: string[] | undefined;
  const push = (part: string, forceNegated?: boolean) => {
    const words = tokens(part).slice(0, budget);
    if (words.length === 0 || clauses.length >= MAX_CLAUSES) return;
    budget -= words.length;
    clauses.push({ text: part.trim(), words, negated: forceNegated ?? negates(words, vocabulary, namedAfterNo), ...(reason ? { context: reason } : {}) });
    reason = undefined;
  };
  for (const part of text.split(/(?<!\d)[.!?;]+(?!\d)|\n+|,(?!\d)|\s-\s|:(?!\d)/)) {
    // "external hard drive... no wait scratch that, an ssd": a correction takes back what came before it in the
    // message; what follows it is the request.
    const corrected = CORRECTION.exec(part);
    if (corrected) {
      budget += clauses.reduce((n, c) => n + c.words.length, 0);
      clauses.length = 0;
    }
    let sentence = corrected ? part.slice(corrected.index + corrected[0].length) : part;
    // "no i meant a holder for the desk not the car": the "no" takes back what was understood, not what follows.
    // ("haha my bad i meant aa not aaa": a few words of apology before it go too.)
    sentence = sentence.replace(/^\s*(?:[a-z]+\s+){0,4}?i (?:meant|mean)\s+(?=\S)/, '');
    let owning = false;
    let lastOwning: string | undefined;
    // ("... looks like a dorm room so maybe a real recliner instead", "my commute is always wet so forget the little bar
    // bag": after "so", a refusal or a "maybe" starts a clause of its own; "so my breath isnt gross" says a purpose.)
    // ("gravel traps all the gunk so im switching to sand": what one switches to, after "so", is a clause of its own;
    // what is said before it is why, no request: left out, as it may name other things than the one given up
    // ("the gravel is a nightmare to clean" is no gravel vacuum refused).)
    const saids = sentence.split(CLAUSE_CUTS).flatMap((said) => runOnRefusal(said, vocabulary, namedAfterNo)).flatMap(runOnOwning);
    for (const [at, said] of saids.entries()) {
      if (SWITCHING_TO.test(saids[at + 1] ?? '') && !SWITCHING_TO.test(said)) {
        reason = tokens(said).slice(0, budget);
        continue;
      }
      // ("switch to wood ones": what one switches to is asked for; "switch" is no light switch.)
      const contrast = withoutWhatItLacks(said.replace(SWITCHING_TO, ' i want'), vocabulary);
      // "we have chairs but no shade", "i've got a drill but no bits": after saying what one has, "no X" is what is
      // missing, a request for X, not an exclusion.
      const lacks = owning && /^\s*no\s+\S/.test(contrast);
      owning = OWNING.test(contrast);
      if (lacks) {
        // What one has is context, not a request: the clause before is dropped.
        if (clauses.at(-1)?.text === lastOwning) clauses.pop();
        push(contrast.replace(/^\s*no\s+/, ''), false);
        continue;
      }
      if (owning) lastOwning = contrast.trim();
      // "don't need a hammer drill, just a regular drill": after a refusal, "just/only/rather a ..." is the request.
      const refused = contrast.split(/\b(?:just|only|rather)\s+(?=(?:a|an|the|some|one)\b)/);
      if (refused.length === 2 && hasPhrase(tokens(refused[0]!), vocabulary.negation)) {
        push(refused[0]!, true);
        push(refused[1]!, false);
        continue;
      }
      // "i was going to get a tent but a hammock makes more sense": a plan given up is context, not a request.
      if (/\b(?:was|were) (?:going to|gonna|about to|looking at|browsing|checking out|eyeing|thinking (?:of|about)|planning (?:on|to))\b/.test(contrast) && sentence.slice(sentence.indexOf(contrast) + contrast.length).trim().length > 0) continue;
      // ("rather have a push cart than an electric one", "id rather use wax than plastic": the first asked for, the second
      // left out, a few words each.)
      const rather = /^\s*(?:(?:i|id|i d|i would|we|wed|we would)\s+)?(?:would\s+|much\s+)?rather\s+(?:have|get|go with|take|use|buy|try|do)\s+(.+?)\s+than\s+(.+?)\s*$/.exec(contrast);
      // (A material or colour preferred is an attribute, read whole: "id rather have metal than plastic".)
      const valueAlone = (part: string) => tokens(part).every((w) => vocabulary.materials.includes(w) || vocabulary.colours.includes(w) || isStopword(w));
      if (rather && tokens(rather[1]!).length <= 6 && tokens(rather[2]!).length <= 6 && !valueAlone(rather[1]!)) {
        push(rather[1]!, false);
        push(rather[2]!, true);
        continue;
      }
      // "lanterns not headlamps", "tents rather than hammocks": the first asked for, the second left out. (Not "over":
      // "a proper over the ear pair", "rolling over now".)
      // (A size may come with the first: "need a 7ft spinning rod not a surf rod".)
      const versus = /^\s*([a-z0-9][a-z0-9\s-]*?)\s+(?:not|rather than|instead of)\s+([a-z][a-z\s-]*?)\s*$/.exec(contrast);
      if (versus && nounsOnly(versus[1]!, vocabulary) && nounsOnly(versus[2]!, vocabulary)) {
        push(versus[1]!, false);
        push(versus[2]!, true);
        continue;
      }
      const [kept, ...insteadOf] = contrast.split(/\binstead of\b/);
      const keptWords = tokens(kept ?? '');
      if (negates(keptWords, vocabulary, namedAfterNo) && /\b(and|or)\b/.test(kept ?? '')) {
        const parts = namesWithAnd(rankLists((kept ?? '').split(/\b(?=(?:and|or)\b)/)), naming);
        // A part without a negation of its own carries the one before it ("no gloves and tape"), and one before the
        // first negation carries it when that negation comes after its part's subject ("the 2nd and 4th arent for
        // me"), not when it opens a clause of its own ("going kayaking saturday and dont want ..."). A part that
        // says what is missing or must not happen refuses nothing ("dont want my phone getting soaked").
        // ("nothing for bars or cocktails please": "nothing" opening a part refuses as a negation word does.)
        const refuses = (w: readonly string[]) => hasPhrase(w, vocabulary.negation) || w[0] === 'nothing';
        const firstNegated = parts.map((p) => tokens(p)).find(refuses);
        const opens = (w: readonly string[]) => w[0] === 'nothing' || hasPhrase(w.slice(0, 1), vocabulary.negation) || hasPhrase(w.slice(0, 2), vocabulary.negation.filter((n) => n.includes(' ')));
        let negated = firstNegated !== undefined && !opens(firstNegated) && negates(firstNegated, vocabulary, namedAfterNo);
        for (const part of parts) {
          const words = tokens(part);
          if (refuses(words)) negated = negates(words, vocabulary, namedAfterNo);
          else if (hasPhrase(words, POSITIVE_CUES) || OPENS_A_CHOICE.has(words[0] ?? '')) negated = false;
          push(part, negated);
        }
      } else push(kept ?? '');
      // "instead of trekking poles show me headlamps": what follows a request verb there is asked for.
      for (const part of insteadOf) {
        const [left, ...asked] = part.split(/\b(?=(?:show|give|get|find|i need|i want|need|want|id like|i would like)\b)/);
        push(left ?? '', true);
        if (asked.length) push(asked.join(' '), false);
      }
    }
  }
  return clauses;
}

/**
 * "a camera that can go 15m without a housing", "something that wraps the ear without a piercing": "without" and a
 * thing, after the thing asked for, say what it must do without. That refuses nothing and asks for nothing, so it is
 * cut off. ("without the vacuums", said alone, refuses; "without waking him up", an event, is read where negations are.)
 */
function withoutWhatItLacks(part: string, vocabulary: UnderstandingWords): string {
  const at = /\bwithout\b/.exec(part);
  if (!at) return part;
  const after = tokens(part.slice(at.index + at[0].length)).filter((w) => !OBJECT_OPENERS.has(w) && w !== 'any');
  const tags = posLexicon();
  if (after.length === 0 || after.slice(0, 2).some((w) => w.endsWith('ing') && tags[w]?.[0] === 'VBG')) return part;
  const before = tokens(part.slice(0, at.index));
  if (hasPhrase(before, vocabulary.negation) || contentWords(before, vocabulary).length === 0) return part;
  return part.slice(0, at.index);
}

/** Rejoins parts split at an "and"/"or" between two ranks ("1 and 4 arent my thing", "#2 or #5"): one list of items. */
function rankLists(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last !== undefined && /(?:^|\s)#?\d{1,2}\s*$/.test(last) && /^\s*(?:and|or)\s+#?\d{1,2}\b/.test(part)) out[out.length - 1] = `${last}${part}`;
    else out.push(part);
  }
  return out;
}

/**
 * Parts cut at "and"/"or" (each after the first opening with it) joined back where a category name says the words
 * around it in turn: "i dont want melt and pour" refuses Melt and Pour Bases, not melting and pouring. The joining
 * word is then dropped from each part that opens with it.
 */
function namesWithAnd(parts: string[], naming: CatalogNaming): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    const [joiner, next] = tokens(part);
    if (last !== undefined && joiner !== undefined && next !== undefined && naming.namesInTurn(tokens(last).at(-1) ?? '', joiner) && naming.namesInTurn(joiner, next)) out[out.length - 1] = `${last}${part}`;
    else out.push(part);
  }
  return out.map((p, i) => (i === 0 ? p : p.replace(/^\s*(?:and|or)\b/, '')));
}

/** At most four words, none a verb but an -ing form ("camping lanterns", "ski goggles"): a thing's name. */
export function nounsOnly(part: string, vocabulary: UnderstandingWords): boolean {
  const words = contentWords(tokens(part), vocabulary);
  const tags = posLexicon();
  return words.length > 0 && words.length <= 4 && words.every((w) => !/^VB[DPZ]?$/.test(tags[w]?.[0] ?? '') || w.endsWith('ing'));
}

/** "nothing to <verb>" but "nothing to do with": nothing at hand to do something with. */
function lacksMeans(words: readonly string[]): boolean {
  return words[1] === 'to' && words[2] !== undefined && words[2] !== 'do' && (posLexicon()[words[2]] ?? []).includes('VB');
}

/** Verbs whose negation refuses something ("don't want", "don't show me", "doesn't need"). */
const REFUSING_VERBS = new Set(['want', 'need', 'like', 'show', 'see', 'give', 'suggest', 'recommend', 'care', 'get', 'buy', 'use', 'love', 'wanna', 'include', 'send', 'bring', 'mean', 'have', 'stand']);
const NEGATED_VERB = /^(?:dont|doesnt|didnt|wont|cant|shouldnt|isnt|arent|not|never)$/;

/** Who may drop a thing in a sentence that refuses nothing, and the modals between ("if i drop it", "kids can drop it"). */
const DROPPERS = new Set(['i', 'we', 'he', 'she', 'they', 'kids', 'kid']);
const MODALS_OF_DROPPING = new Set(['can', 'could', 'might', 'may', 'will', 'would', 'always', 'sometimes', 'often', 'accidentally', 'never']);

/**
 * Whether the clause refuses something. A negated verb that says what a thing must do or must not do ("so the water
 * doesnt make me sick", "one that wont leak") describes what is wanted: that is no exclusion, unless another
 * negation is there too.
 */
export function negates(words: readonly string[], vocabulary: UnderstandingWords, namedAfterNo: (word: string, refusing: string) => boolean = () => false): boolean {
  // "nothing wireless please" refuses; "nothing fancy" or "with nothing to pump it up" does not.
  // ("nothing moves the water", "nothing fits him": what nothing does is a need, no refusal.)
  // ("but nothing to push it out of the cartridge", "nothing to clinch with": what one lacks the means to do is a need.)
  if (words[0] === 'nothing' && words.length > 1 && !(posLexicon()[words[1]!] ?? []).some((t) => t === 'VBZ' || t === 'VBD') && !lacksMeans(words)) return true;
  // "regular pasta is out", "the gas ones are off the table": ruled out (not "we're out of tp", a need).
  if (RULED_OUT.test(words.join(' ')) && words.length <= 8) return true;
  if (!hasPhrase(words, vocabulary.negation)) return false;
  const tags = posLexicon();
  const describing = words.flatMap((w, i) => {
    if (!NEGATED_VERB.test(w)) return [];
    const next = words[i + 1];
    const tag = next === undefined ? undefined : tags[next]?.[0];
    // ("the kind that dont need a can", "one that doesnt need batteries": a relative clause says what the thing is like.)
    // ("glasses that dont fog up", "sanitizer that u dont have to rinse": any word that can be a verb, its subject between.)
    const relative = i > 0 && (RELATIVE_PRONOUNS.has(words[i - 1]!) || (i > 1 && RELATIVE_PRONOUNS.has(words[i - 2]!) && RELATIVE_SUBJECTS.has(words[i - 1]!)));
    // (After "doesnt", "wont" and the like the word is a verb whatever the word list says: "a hose that doesnt kink".)
    if (relative && next !== undefined && (REFUSING_VERBS.has(next) || DO_NEGATIONS.test(w) || (tags[next] ?? []).some((t) => /^VB[PZ]?$/.test(t)))) return [i];
    return next !== undefined && !REFUSING_VERBS.has(next) && tag !== undefined && /^VB[PZ]?$/.test(tag) ? [i] : [];
  });
  // What is missing is a need, not a refusal: "my old car has no bluetooth", "there's no shade", "we have no tp". What
  // should not happen is one too: "without waking him up", "without the footage being all shaky", "dont want my phone
  // getting soaked", "dont want anyone reading my texts" (a thing refused is no event: "dont want the blue ones").
  const gerundWithin = (from: number, span: number) => words.slice(from, from + span).some((w) => w.endsWith('ing') && tags[w]?.[0] === 'VBG');
  words.forEach((w, i) => {
    if (w === 'no' && i > 0 && HAVING.has(words[i - 1]!)) describing.push(i);
    // "no show socks", "no sugar added ketchup": the catalog's own name of a kind or property.
    else if (words[i + 1] !== undefined && namedAfterNo(words[i + 1]!, w)) describing.push(i);
    // "bright enough for unlit roads", "the room light isnt enough", "not enough sun": enough of a quality, not a refusal.
    else if (w === 'enough' && i > 0 && !ENOUGH_REFUSES.has(words[i - 1]!)) describing.push(i);
    else if ((w === 'not' || NEGATED_VERB.test(w)) && words[i + 1] === 'enough') describing.push(i);
    // "want to drop my seat on the fly": a verb of what the thing does, not a refusal.
    else if (w === 'drop' && words[i - 1] === 'to') describing.push(i);
    // "the handle you pull to get rid of a bad main", "something to remove rust": what a thing is for (not "i want to
    // get rid of the tents", told to the bot). "if i pass out or forget to pull": a lapse, no refusal.
    else if ((w === 'remove' || (w === 'get' && words[i + 1] === 'rid')) && words[i - 1] === 'to' && !WANTING_TO.has(words[i - 2] ?? '')) describing.push(i);
    else if (w === 'forget' && words[i + 1] === 'to') describing.push(i);
    // "a radio that floats if i drop it", "plates i can drop from overhead": someone drops a thing, the bot is not told
    // to drop one (not "can you drop the gloves", said to the bot).
    else if (w === 'drop' && i > 0 && (DROPPERS.has(words[i - 1]!) || (MODALS_OF_DROPPING.has(words[i - 1]!) && DROPPERS.has(words[i - 2] ?? '')))) describing.push(i);
    // "a proper drop test kit", "the drop leaf kind": after an article or a describing word it names, it does not refuse.
    else if (w === 'drop' && i > 0 && /^(?:DT|JJ|PRP\$)/.test(tags[words[i - 1]!]?.[0] ?? '')) describing.push(i);
    // "a dried blood drop", "rain drops on the lens": a noun before it makes it one of a compound noun (not "drop the
    // gloves", its object after it).
    else if ((w === 'drop' || w === 'drops') && i > 0 && /^NNS?$/.test(tags[words[i - 1]!]?.[0] ?? '') && !DROPPERS.has(words[i - 1]!) && !OBJECT_OPENERS.has(words[i + 1] ?? '') && !/^\d/.test(words[i + 1] ?? '')) describing.push(i);
    // "gaps in the trim i need to hide before i paint", "scratches to hide": hiding with no object after it is done to
    // what was named before, not asked of the bot ("hide the gloves", "hide those").
    else if (w === 'hide' && i > 0 && (words[i + 1] === undefined || tags[words[i + 1]!]?.[0] === 'IN')) describing.push(i);
    // "abfo no 2 scale", "a no 10 envelope": "no" and a number inside a name is a number (not "no 2 please", a
    // shown item refused, nor "with no 2 alike").
    else if (w === 'no' && i > 0 && /^\d+$/.test(words[i + 1] ?? '') && words[i + 2] !== undefined && !HAVING.has(words[i - 1]!) && !NEGATION_WORDS.has(words[i - 1]!) && (tags[words[i - 1]!] === undefined || /^(?:NN|JJ|DT)/.test(tags[words[i - 1]!]![0]!)) && !NUMBER_COMPANION_ENDS.has(words[i + 2]!)) describing.push(i);
    // "something to go over it", "a cover that fits over them": where a thing goes, not "im over it".
    else if (w === 'over' && (words[i + 1] === 'it' || words[i + 1] === 'them') && GOING_ON.has(words[i - 1] ?? '')) describing.push(i);
    // "how do i get rid of wax moths", "how to get rid of rust": a question of how is a need, not a refusal.
    else if (w === 'get' && words[i + 1] === 'rid' && words.slice(Math.max(0, i - 4), i).includes('how')) describing.push(i);
    // "pop a pod in and go, no measuring", "no spilling": an action to be spared, said last (not "no frying pans").
    else if (w === 'no' && i + 2 === words.length && words[i + 1]!.endsWith('ing') && tags[words[i + 1]!]?.[0] === 'VBG') describing.push(i);
    // Idioms that refuse nothing: "no matter what i do", "she no longer fits", "no idea what to get", "not sure which".
    else if ((w === 'no' && NO_IDIOMS.has(words[i + 1] ?? '')) || (w === 'not' && NOT_IDIOMS.has(words[i + 1] ?? ''))) describing.push(i);
    else if (w === 'without' && gerundWithin(i + 1, 4)) describing.push(i);
    // An activity one is tired of or will not do is a need: "sick of flipping my bike upside down", "not washing 60
    // dinner plates" (a gerund with its object after it; not "stop showing me", a request to the bot).
    else if (ACTIVITY_REFUSALS.has(w) && isActivity(words, i + 1 + (words[i + 1] === 'of' ? 1 : 0))) describing.push(i);
    // A state, not a thing: "my ears arent pierced", "my sneakers arent allowed anymore", "not stuck at the desk".
    else if ((STATE_NEGATIONS.has(w) || w === 'not') && tags[words[i + 1] ?? '']?.[0] === 'VBN' && (i + 2 === words.length || STATE_ENDS.has(words[i + 2]!))) describing.push(i);
    // "for someone whos never flown", "ive never skied before": what one has not done yet, experience, not a refusal
    // (not "never liked the gel ones").
    // (A participle the lexicon lacks, "skied", by its ending.)
    else if (w === 'never' && words[i + 1] !== undefined && (tags[words[i + 1]!] ? tags[words[i + 1]!]!.some((t) => t === 'VBN' || t === 'VBD') : /[^e]ed$/.test(words[i + 1]!)) && !LIKING_PARTICIPLES.has(words[i + 1]!)) describing.push(i);
    // "after i quit for the day": someone stops work; the bot is not told to quit anything.
    else if (w === 'quit' && i > 0 && DROPPERS.has(words[i - 1]!)) describing.push(i);
    // "the tennis ball isnt cutting it anymore", "doesnt cut it": what one has falls short, a need.
    else if (NEGATED_VERB.test(w) && (words[i + 1] === 'cutting' || words[i + 1] === 'cut') && words[i + 2] === 'it') describing.push(i);
    // "shes not a great swimmer", "im not that fit": how someone is, not a thing refused (not "im not a fan of").
    else if (w === 'not' && i > 0 && (PERSON_BE.has(words[i - 1]!) || (PERSON_BE.has(words[i - 2] ?? '') && tags[words[i - 1]!]?.[0] === 'RB')) && DESCRIBED_AS.has(words[i + 1] ?? '') && !words.slice(i + 1, i + 6).some((x) => SORT_OF_PERSON.has(x))) describing.push(i);
    // "trying to use less toilet paper": less of what one uses is a need.
    else if ((w === 'less' || w === 'fewer') && i > 0 && USING.has(words[i - 1]!)) describing.push(i);
    // "how do i stop the wine from fermenting": keeping something from happening.
    else if (w === 'stop' && words.slice(i + 2, i + 6).some((x, j, near) => x === 'from' && (near[j + 1] ?? '').endsWith('ing'))) describing.push(i);
    // "something to stop the bleeding", "a cheap way to stop burning my hands": what the thing is for. (Not the bot
    // told to stop, "i want you to stop showing me gloves", nor buying stopped: "want to stop buying disposables".)
    else if (w === 'stop' && words[i - 1] === 'to' && !BOT_ADDRESSED.has(words[i - 2] ?? '') && !STOPPED_DOINGS.test(words[i + 1] ?? '')) describing.push(i);
    else if (NEGATED_VERB.test(w) && words[i + 1] === 'want' && EVENT_SUBJECTS.has(words[i + 2] ?? '') && (gerundWithin(i + 3, 8) || words.slice(i + 3, i + 6).includes('to'))) describing.push(i);
    // What the thing is for: "so my breath isnt gross", "so it doesnt slide around", "so he wont wake up", "so my
    // wrists stop getting tweaked".
    // ("... so the kids can get in without the clicker": what they can do without, a few words further on.)
    // ("so grounds dont end up in my cup", "so hair doesnt get all over their shirt": a bare noun, the negation right
    // after it, is a subject too.)
    // ("covers so rain and bugs dont get in", "so cracks and pebbles dont stop me": bare nouns joined by "and" too.)
    else if ((PURPOSE_NEGATIONS.test(w) || w === 'without') && words.slice(Math.max(0, i - (w === 'without' ? 7 : 5)), i).some((x, j, near) => PURPOSE_OPENERS.has(x) && (PURPOSE_SUBJECTS.has(near[j + 1] ?? '') || (w !== 'without' && bareSubjects(near.slice(j + 1), tags))))) describing.push(i);
  });
  if (describing.length === 0) return true;
  // ("so pebbles dont stop me dead": the verb after a negation that describes is no refusal of its own.)
  for (const at of [...describing]) if (DO_NEGATIONS.test(words[at]!) && words[at + 1] === 'stop') describing.push(at + 1);
  const rest = words.filter((_, i) => !describing.includes(i));
  return hasPhrase(rest, vocabulary.negation);
}

const RELATIVE_PRONOUNS = new Set(['that', 'which', 'who', 'thatll']);
/** Verbs of a thing put on another: what goes "over it" is placed, nothing refused. */
const GOING_ON = new Set(['go', 'goes', 'fit', 'fits', 'slip', 'slips', 'pull', 'put', 'wear', 'sit', 'sits', 'lay', 'stretch', 'stretches', 'drape', 'throw', 'zip', 'zips']);
/** Before "to", words of wanting: "want to get rid of the tents" is said to the bot. */
const WANTING_TO = new Set(['want', 'wanna', 'need', 'like', 'love', 'prefer', 'trying', 'try', 'going', 'gonna', 'have', 'got', 'able', 'you', 'u', 'pls', 'please']);
/** Who may do what a relative clause says: "that u dont have to rinse", "which i dont need to". */
const RELATIVE_SUBJECTS = new Set(['i', 'you', 'u', 'we', 'they', 'he', 'she', 'it', 'ya']);

/** Negations that, before a gerund with its object, refuse an activity ("sick of washing", "not washing", "stop buying"). */
const ACTIVITY_REFUSALS = new Set(['sick', 'tired', 'not', 'stop', 'hate', 'quit', 'done']);
/** Gerunds of what is asked of the bot ("stop showing me tents") or of having a thing ("not doing a photo booth"): a refusal of things, not an activity. */
const BOT_GERUNDS = new Set(['doing', 'having', 'using', 'showing', 'suggesting', 'recommending', 'giving', 'sending', 'bringing', 'including', 'seeing', 'getting', 'offering', 'listing', 'pushing']);
/** Words that open a gerund's object: "flipping my bike", "washing 60 plates", "buying the disposables". */
const OBJECT_OPENERS = new Set(['my', 'the', 'a', 'an', 'his', 'her', 'our', 'their', 'your', 'it', 'them', 'him', 'every', 'all', 'this', 'that', 'these', 'those', 'so', 'up', 'out']);
/** A gerund (not of asking the bot) at `at`, its object opened by a determiner, a possessive or a number. */
function isActivity(words: readonly string[], at: number): boolean {
  const w = words[at];
  if (w === undefined || !w.endsWith('ing') || BOT_GERUNDS.has(w) || posLexicon()[w]?.[0] !== 'VBG') return false;
  const next = words[at + 1];
  return next !== undefined && (OBJECT_OPENERS.has(next) || /^\d/.test(next));
}
/** Negated copulas before a participle that says a state ("arent pierced"). */
const STATE_NEGATIONS = new Set(['arent', 'isnt', 'wasnt', 'werent']);
/** What may follow such a participle: the clause's end or a word that ends the state. */
const STATE_ENDS = new Set(['anymore', 'yet', 'either', 'so', 'and', 'but', 'here', 'there', 'at', 'in', 'on', 'for', 'by', 'lol', 'though', 'tho']);
const RULED_OUT = /^(?!(?:we|were|im|i|ive|weve|you|youre)\b)\S.* (?:is|are|s) (?:out|off the table|a no|a no go|a hard no)$/;

/** After "no <number>", words that make it a refusal of a shown item ("no 2 please", "no 2 or 3"). */
const NUMBER_COMPANION_ENDS = new Set(['please', 'pls', 'thanks', 'and', 'or', 'either', 'too', 'thx', 'one', 'ones', 'alike', 'way']);

/** Bare nouns, one or several joined by "and"/"or" ("rain and bugs"), as the subject of a purpose clause. */
function bareSubjects(said: readonly string[], tags: Record<string, string[] | undefined>): boolean {
  if (said.length === 0 || said.length % 2 === 0) return false;
  return said.every((x, k) => (k % 2 === 1 ? x === 'and' || x === 'or' : (tags[x] ?? []).some((t) => t === 'NN' || t === 'NNS')));
}

/** A clause of purpose or reason opened by these, with a subject after, says what should (not) happen. */
const PURPOSE_OPENERS = new Set(['so', 'because', 'cause', 'cuz', 'bc', 'since']);
const PURPOSE_SUBJECTS = new Set(['my', 'his', 'her', 'their', 'our', 'your', 'it', 'its', 'i', 'he', 'she', 'we', 'they', 'you', 'u', 'the', 'that', 'this', 'nothing']);
/** Before "to stop", who is told to stop (the bot): "i want you to stop showing me ...". */
const BOT_ADDRESSED = new Set(['you', 'u', 'ya', 'yall']);
/** After "to stop", doings whose stopping refuses their object: showing, suggesting, buying. */
const STOPPED_DOINGS = /^(?:show|showing|send|sending|suggest|suggesting|recommend|recommending|offer|offering|list|listing|give|giving|buy|buying|order|ordering|purchasing|with)$/;
/** Negations of "do" and of modals: the word after them is a verb ("doesnt kink", "wont sag"). */
const DO_NEGATIONS = /^(?:doesnt|dont|didnt|wont|cant|wouldnt|shouldnt|couldnt)$/;
const PURPOSE_NEGATIONS = /^(?:isnt|arent|wasnt|werent|doesnt|dont|didnt|wont|cant|not|never|no|stop|stops)$/;
/** Before "enough", words with which it refuses ("had enough of", "seen enough"). */
const ENOUGH_REFUSES = new Set(['had', 'seen', 'thats', 'ok', 'okay', 'alright', 'and']);
/** Before "not", a person being something ("shes not", "im not"), and what may follow when it describes them. */
const PERSON_BE = new Set(['im', 'shes', 'hes', 'theyre', 'were', 'am']);
const DESCRIBED_AS = new Set(['a', 'an', 'that', 'so', 'very', 'really']);
/** The sort of person one is not, said of a kind of thing: "im not a fan of", "im not a kamado guy", "not a gel person". */
const SORT_OF_PERSON = new Set(['fan', 'guy', 'gal', 'girl', 'person', 'type', 'lover', 'fella', 'dude']);
/** Participles of liking or wanting: after "never" they refuse ("never liked those"). */
const LIKING_PARTICIPLES = new Set(['liked', 'loved', 'wanted', 'needed', 'cared', 'trusted', 'enjoyed']);
/** Verbs of using something up, before "less": "use less", "waste less". */
const USING = new Set(['use', 'using', 'waste', 'wasting', 'spend', 'spending', 'burn', 'burning', 'buy', 'buying']);
const NO_IDIOMS = new Set(['matter', 'longer', 'idea', 'clue', 'luck', 'joke', 'problem', 'biggie']);
const NOT_IDIOMS = new Set(['sure', 'working', 'anymore', 'even', 'only', 'quite', 'just']);
/** Before "no", a verb that says something is missing ("has no", "there's no", "got no"). */
const HAVING = new Set(['has', 'have', 'had', 'got', 'theres', 'is', 'are', 'with', 'w']);
/** After "don't want", who or what an unwanted event happens to ("my phone getting wet", "him to fall", "the guy ... reading"). */
const EVENT_SUBJECTS = new Set(['my', 'his', 'her', 'their', 'our', 'your', 'him', 'them', 'it', 'anyone', 'anybody', 'people', 'the', 'someone', 'somebody', 'strangers', 'ppl']);

/** Only greeting words ("hi", "hello there", "good morning"): a greeting, never "hi-vis vests". */
export function isGreeting(message: string, vocabulary: UnderstandingWords): boolean {
  const words = tokens(clean(message));
  const greetings = new Set(vocabulary.greetings);
  return words.length > 0 && words.length <= 6 && words.some((w) => greetings.has(w) && w !== 'good' && w !== 'there' && w !== 'all') && words.every((w) => greetings.has(w) || vocabulary.acknowledgements.includes(w));
}

/** Only thanks, okays and greetings: nothing to act on. */
export function isPleasantry(words: readonly string[], vocabulary: UnderstandingWords): boolean {
  const pleasant = new Set([...vocabulary.greetings, ...vocabulary.acknowledgements, 'no', 'nah', 'nope', 'naw', 'so', 'much', 'very', 'a', 'lot', 'please', 'that', 'is', 'thats', 'good', 'ok']);
  return words.length > 0 && words.every((w) => pleasant.has(w));
}

/** A whole-clause command ("more", "broader please", "start over"). */
export function commandOf(words: readonly string[], vocabulary: UnderstandingWords): keyof UnderstandingWords['commands'] | undefined {
  const text = words.filter((w) => w !== 'please' && w !== 'pls' && w !== 'now').join(' ');
  if (!text) return undefined;
  for (const [kind, phrases] of Object.entries(vocabulary.commands) as [keyof UnderstandingWords['commands'], string[]][]) {
    if (phrases.some((p) => tokens(p).join(' ') === text)) return kind;
  }
  return undefined;
}

const NEWS_QUESTION = /^(?:(?:so|hey|yo|btw|ok|lol)\s+)*(?:who (?:won|wins|is winning|whos winning|scored|played|plays|lost|is playing)|whos (?:winning|playing)|what(?:s| is| was) the score|did (?:you|u) (?:see|watch) the (?:game|match|news))\b/;
/** A question about the weather ("is it supposed to snow in tahoe this weekend", "is it gonna be windy", "hows the forecast"): the news of the sky. (A warm or cold "it" may be a shown jacket: those only with a forecast's verb.) */
const WEATHER_QUESTION = /^(?:(?:so|hey|yo|btw|ok|lol|and|also|any idea|do you know|you know)\s+)*(?:(?:is|will|does|did) it (?:(?:gonna|going to|supposed to|meant to|likely to|forecast to|expected to) (?:be )?(?:rain|snow|sleet|hail|storm|pour|windy|sunny|raining|snowing|storming|pouring|cold|warm|hot|freezing|nice|cloudy|icy|below|above)|(?:be )?(?:rain|snow|sleet|hail|storm|raining|snowing|storming|pouring|windy|sunny|cloudy))|(?:whats|what is|hows|how is|hows the|what does) the (?:weather|forecast)|how (?:hot|cold|warm|windy|rainy) (?:does|will|is) it (?:get|be)\b|(?:any|is there) (?:rain|snow|wind|storms?) (?:in the forecast|coming|expected|forecast))\b/;
/**
 * A question of fact or advice, not a request: "when does deer season open", "how long do i smoke a brisket", "whats
 * the best road to ride", "where can i go fishing near here". (Not "how long is it" or "how long does the battery last",
 * said of a thing: those are read where questions about items are.)
 */
const FACT_QUESTION = /^(?:(?:so|hey|yo|btw|ok|lol|quick question|random question|question)\s+)*(?:when (?:does|do|is|are|will|should|can)\b(?! (?:you|u) (?:get|have|restock|stock|carry))|how long (?:do|should|can) (?:i|we|you)\b|how long to\b|how (?:often|early|late) (?:do|does|should|can) (?:i|we|you)\b|(?:whats|what is) the best (?:way|time|place|season|month|day|road|roads|trail|trails|spot|spots|route|age|temperature|temp) (?:to|for)\b|where (?:can|do|should) (?:i|we) (?:go|rent|ride|hike|fish|hunt|camp|ski|dive|park|stay|learn|take|watch)\b)/;

const QUESTION_STARTS = new Set(['do', 'does', 'did', 'are', 'were', 'is', 'can', 'could', 'will', 'would', 'have', 'what', 'whats', 'who', 'whos', 'where', 'how', 'hows', 'why', 'when', 'which']);

/**
 * A question about the bot itself with nothing asked for ("do you like cats", "what's your favourite food", "are you
 * human"): chatter, whatever catalog word it contains. "do you have gloves" or "can you find me tape" ask for something.
 */
export function isQuestionToTheBot(words: readonly string[], vocabulary: UnderstandingWords): boolean {
  // "who won the game last night", "whats the score": a question about the news, whatever catalog word it holds; so is
  // one about the weather, or a question of fact or advice.
  if (words.length <= 12 && (NEWS_QUESTION.test(words.join(' ')) || WEATHER_QUESTION.test(words.join(' ')) || FACT_QUESTION.test(words.join(' ')))) return true;
  if (words.length === 0 || words.length > 12 || !QUESTION_STARTS.has(words[0]!)) return false;
  const you = words.slice(0, 4).findIndex((w) => w === 'you' || w === 'your' || w === 'yourself' || w === 'u' || w === 'ur');
  if (you < 0) return false;
  const asks = new Set(vocabulary.askCues);
  return !words.some((w) => asks.has(w));
}

/** From how many words a clause is read as a situation in its parts as well (see situationParts). */
const SITUATION_PARTS_FROM = 9;
/** Words that start the second part of a situation told in one clause. */
const PART_CUTS = new Set(['so', 'when', 'because', 'without', 'while', 'since', 'cause', 'bc', 'after', 'before', 'but', 'and']);

/**
 * A long clause telling a situation, in its two parts, cut at the first word that starts what follows ("cobwebs up in
 * the corners of the ceiling | and i cant reach them"); none for a short clause or one without such a word. Each part
 * is read against the needs lexicon as a situation of its own, less surely than the whole. (On the development tables
 * 2 more rows read, none fewer; on the validation tables 2 more. Cutting in the middle where no such word is read 3
 * more development rows but turned "outdoor cam w/ a big bright light on it" into a steer to floodlights.)
 */
export function situationParts(words: readonly string[]): string[] {
  if (words.length < SITUATION_PARTS_FROM) return [];
  const at = words.findIndex((w, i) => i >= 3 && i <= words.length - 3 && PART_CUTS.has(w));
  return at < 0 ? [] : [words.slice(0, at).join(' '), words.slice(at).join(' ')];
}
