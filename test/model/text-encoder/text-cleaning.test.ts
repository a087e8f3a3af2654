import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../model/text-encoder/text-cleaning.js';

describe('cleanText', () => {
  it('turns control and format characters into spaces and folds whitespace, leaving markup alone by default', () => {
    expect(cleanText('  Nitrile\u0000gloves\u200d <b>L</b>\n\tx100 ')).toBe('Nitrile gloves <b>L</b> x100');
    expect(cleanText('Safety GLASSES', { lowercase: true })).toBe('safety glasses');
  });

  it('with markup: drops tags and decodes the common entities first, as catalog sources need', () => {
    expect(cleanText('<p>Tape &amp; glue&nbsp;&quot;3M&quot;</p><br/>2&#39;&#39; wide &lt;tm&gt;', { markup: true })).toBe('Tape & glue "3M" 2\'\' wide <tm>');
    expect(cleanText('a &copy; b', { markup: true })).toBe('a &copy; b');
  });
});
