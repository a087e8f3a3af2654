import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTextEncoder, type TextEncoder } from '../../model/text-encoder/index.js';
import { CueIndex, cueStems, loadNeeds, saidKeys, nearestNeeds, needsFingerprint, NEEDS_VECTORS_FILE, openNeedsVectors, readNeedsVectors, writeNeedsVectors, type NeedsVectors } from '../../bot/understanding/needs.js';
import { needLeads, FEATURES } from '../../bot/understanding/scorer.js';

function lexiconDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-needs-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('needs lexicon file', () => {
  it('reads situations and their kinds, counts bad lines, and keeps the first of a situation said twice', () => {
    const dir = lexiconDir({
      'a.tsv': '# comment\nsituation\tkinds\nMy baby chews on everything\tteethers; teething toys\n# a section\nno tab on this line\nthe faucet drips\tfaucet repair kits\nempty kinds\t ; \n',
      'b.tsv': 'situation\tkinds\nmy baby chews on everything\tbibs\nhands get wrecked from the cold\twinter gloves;teethers\n',
      'notes.md': 'not a table\n',
    });
    const lexicon = loadNeeds(dir);
    expect(lexicon.situations).toEqual(['my baby chews on everything', 'the faucet drips', 'hands get wrecked from the cold']);
    expect(lexicon.badLines).toBe(2);
    // Kinds are shared between situations: "teethers" is one kind, named by two situations.
    expect(lexicon.kinds).toEqual(['teethers', 'teething toys', 'faucet repair kits', 'winter gloves']);
    expect(lexicon.kindsOf).toEqual([[0, 1], [2], [3, 0]]);
  });

  it('reads a file of cue words beside the situations, sharing their kinds, and finds the cues a clause says by stems in any order', () => {
    const dir = lexiconDir({
      'a.tsv': 'situation\tkinds\nmy baby chews on everything\tteethers\n',
      'cues.tsv': '# cue words\ncue\tkinds\ncongested\tnasal aspirators; saline sprays\nblow nose\ttissues\nout of tune\tguitar tuners\nTeething\tteethers\nthe of\ttissues\nno kinds here\t\n',
    });
    const lexicon = loadNeeds(dir);
    expect(lexicon.situations).toEqual(['my baby chews on everything']);
    expect(lexicon.cues).toEqual(['congested', 'blow nose', 'out of tune', 'teething']);
    // A cue of small words only ("the of") matches nothing, and a cue with no kind is no cue: both are bad lines.
    expect(lexicon.badLines).toBe(2);
    expect(lexicon.kinds).toEqual(['teethers', 'nasal aspirators', 'saline sprays', 'tissues', 'guitar tuners']);
    expect(lexicon.cueKindsOf).toEqual([[1, 2], [3], [4], [0]]);
    // "out" stays: "out of tune" is not "tune".
    expect(cueStems('out of tune')).toEqual(['out', 'tune']);
    const index = new CueIndex(lexicon.cues);
    const said = (text: string) => index.said(saidKeys(text.split(' '))).map((c) => lexicon.cues[c]).sort();
    expect(said('he is so congested and cant blow his own nose')).toEqual(['blow nose', 'congested']);
    expect(said('my guitar keeps going out of tune')).toEqual(['out of tune']);
    // Every word of a cue must be said: "tune" alone is not "out of tune", and "nose" alone is not "blow nose".
    expect(said('what a tune, my nose itches')).toEqual([]);
    expect(said('she is teething again')).toEqual(['teething']);
  });

  it('matches a cue whose stem is a small word by the word itself, and tells names of a kind from signs of a need', () => {
    const dir = lexiconDir({
      'cues-home.tsv': 'cue\tkinds\ncanning\tcanning jars\ngas can\tgas cans\nteething\tteethers\n',
      'aliases-baby.tsv': 'cue\tkinds\nsleep sack\twearable blankets\n',
    });
    const lexicon = loadNeeds(dir);
    expect(lexicon.cues).toEqual(['sleep sack', 'canning', 'gas can', 'teething']);
    // aliases-*.tsv name the kind itself.
    expect(lexicon.cueNames).toEqual([true, false, false, false]);
    const index = new CueIndex(lexicon.cues);
    const said = (text: string) => index.said(saidKeys(text.split(' '))).map((c) => lexicon.cues[c]).sort();
    // "canning" stems to "can": the "can" of "she can nap" is not it.
    expect(said('she can nap anywhere')).toEqual([]);
    expect(said('started canning tomatoes')).toEqual(['canning']);
    expect(said('need a gas can for the mower')).toEqual(['gas can']);
    expect(said('show me sleep sacks')).toEqual(['sleep sack']);
  });

  it('leads only with the node every near situation names best, and only from the fitted level', () => {
    const at = (need: number, gap: number) => {
      const f = new Array<number>(FEATURES.length).fill(0);
      f[FEATURES.indexOf('need')] = need;
      f[FEATURES.indexOf('needGap')] = gap;
      return f;
    };
    expect(needLeads(at(0.6, 0), 0.55)).toBe(true);
    expect(needLeads(at(0.5, 0), 0.55)).toBe(false);
    expect(needLeads(at(0.7, -0.05), 0.55)).toBe(false);
    expect(needLeads(at(0.9, 0), undefined)).toBe(false);
  });
});

describe('needs vectors (the text encoder)', () => {
  let encoder: TextEncoder;
  beforeAll(async () => {
    encoder = await openTextEncoder('use-lite');
  });
  afterAll(async () => {
    await encoder?.dispose();
  });

  it('ships vectors that match the shipped lexicon (regenerate with `npx flarechat understanding needs`)', () => {
    const lexicon = loadNeeds();
    expect(lexicon.badLines).toBe(0);
    expect(lexicon.situations.length).toBeGreaterThan(1000);
    const shipped = readNeedsVectors(NEEDS_VECTORS_FILE, needsFingerprint(encoder.info.version, lexicon));
    expect(shipped, 'bot/understanding/needs-vectors.bin is stale: run npx flarechat understanding needs').toBeDefined();
    expect(shipped!.situations.length).toBe(lexicon.situations.length * encoder.info.dim);
    expect(shipped!.kinds.length).toBe(lexicon.kinds.length * encoder.info.dim);
  });

  it('encodes another lexicon once, caches it under the data folder, and finds the situation people describe', async () => {
    const dir = lexiconDir({
      'n.tsv': 'situation\tkinds\nmy toddler keeps biting everything, his gums are sore\tteethers\nthe kitchen tap drips all night\tfaucet repair kits\nmy hands crack in the winter cold\thand creams; winter gloves\n',
    });
    const lexicon = loadNeeds(dir);
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-needs-data-'));
    const notices: string[] = [];
    const first = await openNeedsVectors(encoder, lexicon, dataDir, (l) => notices.push(l));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/encoding 3 situations .*cached in/);
    const again = await openNeedsVectors(encoder, lexicon, dataDir, (l) => notices.push(l));
    expect(notices).toHaveLength(1);
    // The cache keeps float16, and vectors just encoded are rounded alike: the first start reads as every later one.
    expect(again.kinds).toEqual(first.kinds);
    expect(again.situations).toEqual(first.situations);
    const [q] = [await encoder.encodePooled(['the tap in the kitchen is dripping'])];
    let norm = 0;
    for (const x of q) norm += x * x;
    const unit = q.map((x) => x / Math.sqrt(norm));
    const near = nearestNeeds(first, unit, 2, 0.3);
    expect(lexicon.situations[near[0]!.situation]).toBe('the kitchen tap drips all night');
    expect(near.length).toBeLessThanOrEqual(2);
    expect(near[0]!.similarity).toBeGreaterThan(near[1]?.similarity ?? 0);
  });

  it('never takes a file written for another lexicon', () => {
    const v: NeedsVectors = { dim: 2, fingerprint: 'abc', situations: new Float32Array([1, 0]), kinds: new Float32Array([0, 1]) };
    const file = join(mkdtempSync(join(tmpdir(), 'flarechat-needs-file-')), 'v.bin');
    writeNeedsVectors(file, v);
    expect(readNeedsVectors(file, 'abc')?.kinds).toEqual(new Float32Array([0, 1]));
    expect(readNeedsVectors(file, 'other')).toBeUndefined();
  });
});
