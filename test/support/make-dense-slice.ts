// Cuts the dense slice in test/fixtures/lcrec-scientific-dense500 from the shared LC-Rec Scientific set:
//   npx tsx test/support/make-dense-slice.ts ../shared/data/amazon18-scientific-lcrec test/fixtures/lcrec-scientific-dense500
// Keeps the 500 most-interacted items, each user's interactions with them in order, and users left with >= 4.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [source, out] = process.argv.slice(2);
if (!source || !out) throw new Error('usage: make-dense-slice.ts <lcrec-folder> <out-folder>');
const ITEMS = 500;
const MIN_LENGTH = 4;
const DESCRIPTION_CHARS = 160;

const inter = JSON.parse(readFileSync(join(source, 'Scientific.inter.json'), 'utf8')) as Record<string, number[]>;
const items = JSON.parse(readFileSync(join(source, 'Scientific.item.json'), 'utf8')) as Record<string, { title: string; description: string; brand: string; categories: string }>;
const counts = new Map<number, number>();
for (const sequence of Object.values(inter)) for (const item of sequence) counts.set(item, (counts.get(item) ?? 0) + 1);
// Ties broken by item id, so the cut is the same on every machine.
const kept = new Set([...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, ITEMS).map(([item]) => item));
const users = Object.keys(inter).sort((a, b) => Number(a) - Number(b)).map((user) => inter[user]!.filter((item) => kept.has(item))).filter((s) => s.length >= MIN_LENGTH);
const newId = new Map<number, number>();
for (const sequence of users) for (const item of sequence) if (!newId.has(item)) newId.set(item, newId.size);
const outInter = Object.fromEntries(users.map((sequence, user) => [String(user), sequence.map((item) => newId.get(item)!)]));
const outItems = Object.fromEntries([...newId].map(([item, id]) => {
  const meta = items[String(item)]!;
  return [String(id), { ...meta, description: meta.description.slice(0, DESCRIPTION_CHARS) }];
}));
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'Dense.inter.json'), JSON.stringify(outInter));
writeFileSync(join(out, 'Dense.item.json'), JSON.stringify(outItems));
console.log(`${users.length} users, ${newId.size} items, ${users.reduce((n, s) => n + s.length, 0)} interactions`);
