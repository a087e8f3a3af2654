import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { seededRandom } from '../../training/random.js';

/** Writes a raw Amazon 2018 review + meta pair shaped like Clothing (9.2 reviews a user, 376k items, skewed popularity). */
async function writeSyntheticClothing(dir: string, reviews: number): Promise<void> {
  const random = seededRandom(7);
  const users = Math.floor(reviews / 9.2);
  const items = 376_000;
  const write = async (path: string, count: number, line: (i: number) => string) => {
    const out = createWriteStream(path);
    let buffer = '';
    for (let i = 0; i < count; i++) {
      buffer += line(i);
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'finish');
  };
  await write(join(dir, 'Clothing_Shoes_and_Jewelry_5.json'), reviews, (i) =>
    JSON.stringify({
      overall: 5,
      reviewerID: `A${Math.floor(random() * users).toString(36).toUpperCase()}`,
      asin: `B${Math.floor(random() ** 2 * items).toString().padStart(9, '0')}`,
      reviewText: `Fits well, nice fabric ${i % 97}`,
      unixReviewTime: 1_400_000_000 + Math.floor(random() * 1e8),
    }) + '\n',
  );
  await write(join(dir, 'meta_Clothing_Shoes_and_Jewelry.json'), items, (i) =>
    JSON.stringify({
      asin: `B${i.toString().padStart(9, '0')}`,
      title: i % 50 === 0 ? '' : `Cotton T-Shirt model ${i}`,
      category: ['Clothing, Shoes & Jewelry', 'Women', 'Clothing', ['Tops & Tees', 'Dresses', 'Jeans'][i % 3]],
      brand: `Brand${i % 900}`,
      price: `$${5 + (i % 80)}.99`,
    }) + '\n',
  );
}

/** npm run bench:prepare -- --reviews N: time and peak memory of `prepare --preset clothing` on a Clothing-size raw file. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { reviews: { type: 'string', default: '11000000' } } });
  const reviews = Number(values.reviews);
  const work = mkdtempSync(join(tmpdir(), 'flarechat-bench-prepare-'));
  try {
    process.stderr.write(`writing a synthetic Clothing-size raw file (${reviews} reviews)...\n`);
    await writeSyntheticClothing(work, reviews);
    const rssBefore = process.resourceUsage().maxRSS;
    const started = Date.now();
    const manifest = await prepareDataset(work, join(work, 'prepared'), { ...presetOptions('clothing'), log: (l) => process.stderr.write(l + '\n') });
    const seconds = (Date.now() - started) / 1000;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const report = {
      command: `npm run bench:prepare -- --reviews ${reviews}`,
      reviews,
      seconds,
      reviewsPerSecond: reviews / seconds,
      peakRssMiB: peakMiB,
      peakRssMiBBeforePrepare: rssBefore / 1024,
      limitMiB: 2048,
      counts: manifest.counts,
      node: process.version,
      date: new Date().toISOString(),
    };
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/bench-prepare.json', JSON.stringify(report, null, 2) + '\n');
    writeFileSync(
      'reports/bench-prepare.md',
      [
        '# bench:prepare',
        '',
        `\`${report.command}\`: a synthetic raw Amazon 2018 file shaped like Clothing (376k items, ~9.2 reviews a user), prepared with the clothing preset.`,
        '',
        '| reviews | users kept | items kept | seconds | reviews/s | peak RSS (MiB) | limit (MiB) |',
        '|---|---|---|---|---|---|---|',
        `| ${reviews.toLocaleString('en-US')} | ${manifest.counts.users.toLocaleString('en-US')} | ${manifest.counts.items.toLocaleString('en-US')} | ${seconds.toFixed(1)} | ${Math.round(report.reviewsPerSecond).toLocaleString('en-US')} | ${peakMiB.toFixed(0)} | 2048 |`,
        '',
      ].join('\n'),
    );
    process.stdout.write(`prepared ${reviews} reviews in ${seconds.toFixed(1)} s, peak RSS ${peakMiB.toFixed(0)} MiB (reports/bench-prepare.md)\n`);
    return peakMiB <= 2048 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
