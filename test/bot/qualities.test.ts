import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQualities, namesQuality, QualityCues } from '../../bot/understanding/qualities.js';
import { stem, tokens } from '../../bot/understanding/text.js';

function qualitiesDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-qualities-'));
  writeFileSync(join(dir, 'a.tsv'), text);
  return dir;
}

const said = (cues: QualityCues, text: string) => cues.said(tokens(text)).map((q) => q.join(' ')).sort();

describe('quality cues', () => {
  it('reads cue lines, counts lines that are not "cue<TAB>qualities", and skips cues its small words made', () => {
    const lexicon = loadQualities(qualitiesDir('# c\ncue\tqualities\npress button\tautomatic; one-touch\nno tab here\nkeeps hot\tthermal\ndoes it for me\tautomatic\njust for me\tmini\nempty\t \n'));
    expect(lexicon.cues).toEqual(['press button', 'keeps hot']);
    expect(lexicon.badLines).toBe(2);
    // A quality is kept as the stems of its words: "one-touch" is two.
    expect(lexicon.qualitiesOf).toEqual([[[stem('automatic')], [stem('one'), stem('touch')]], [[stem('thermal')]]]);
  });

  it('finds the qualities a clause says by every stem of a cue, and reads a cue inside a longer one said as the longer one', () => {
    const cues = new QualityCues(loadQualities(qualitiesDir('cue\tqualities\nmotor\telectric\nno motor\tmanual\npress button\tautomatic\n')));
    expect(said(cues, 'it just needs a motor')).toEqual(['electr']);
    // "no motor" says manual; the "motor" inside it says nothing of its own.
    expect(said(cues, 'a kick wheel, no motor')).toEqual(['manual']);
    expect(said(cues, 'pressing one button and done')).toEqual(['automat']);
    expect(said(cues, 'a button')).toEqual([]);
  });

  it('reads a cue of several words only in its order, at most two words apart', () => {
    const cues = new QualityCues(loadQualities(qualitiesDir('cue\tqualities\nbike park\tfull-suspension\nkeeps hot\tthermal\n')));
    const fullSuspension = tokens('full-suspension').map(stem).join(' ');
    expect(said(cues, 'laps at the bike park')).toEqual([fullSuspension]);
    expect(said(cues, 'hybrid bike for rides around the park')).toEqual([]);
    expect(said(cues, 'keeps the coffee hot')).toEqual([stem('thermal')]);
    expect(said(cues, 'keeps my feet dry and my coffee hot')).toEqual([]);
    expect(said(cues, 'hot and keeps')).toEqual([]);
  });

  it('ships a lexicon with no bad line, whose cues say what people mean', () => {
    const lexicon = loadQualities();
    expect(lexicon.badLines).toBe(0);
    expect(lexicon.cues.length).toBeGreaterThan(3000);
    const cues = new QualityCues(lexicon);
    expect(said(cues, 'keeps the coffee hot for hours')).toContain('thermal');
    expect(said(cues, 'something i can throw in my backpack')).toContain('portabl');
  });

  it('says whether a category name holds a quality, by every stem of it', () => {
    const name = (n: string) => tokens(n).map(stem);
    expect(namesQuality(name('Light-Up Crochet Hooks'), ['light', 'up'])).toBe(true);
    expect(namesQuality(name('Crochet Hook Lights'), ['light', 'up'])).toBe(false);
    expect(namesQuality(name('Automatic Milk Frothers'), [stem('automatic')])).toBe(true);
  });
});
