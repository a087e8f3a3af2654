import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageUnderstanding } from '../../bot/understanding/index.js';
import { loadBundleWeights } from '../../model/bundle.js';

const bundle = join(import.meta.dirname, '..', '..', 'demo', 'bundle');
const FILAMENT = 'Industrial & Scientific - Additive Manufacturing Products - 3D Printing Supplies - 3D Printing Filament';
let understanding: MessageUnderstanding;

beforeAll(() => {
  understanding = new MessageUnderstanding(loadBundleWeights(bundle).catalog);
});

describe('message understanding through the contract', () => {
  it('reads commands, references and a category critique as clause intents', async () => {
    expect((await understanding.interpret('help', { shown: [] })).clauses).toEqual([{ kind: 'help' }]);
    expect((await understanding.interpret('more', { shown: [] })).clauses).toEqual([{ kind: 'more' }]);
    expect((await understanding.interpret('like 2', { shown: [] })).clauses).toEqual([{ kind: 'refer', action: 'like', ranks: [2], evidence: 'like 2' }]);
    expect((await understanding.interpret('2', { shown: [], pendingChoices: ['a', 'b'] })).clauses).toEqual([{ kind: 'choose', choice: 2 }]);
    expect((await understanding.interpret('3d printing filament instead', { shown: [] })).clauses[0]).toMatchObject({ kind: 'steer', path: FILAMENT });
    expect((await understanding.interpret('no more filament', { shown: [] })).clauses[0]).toMatchObject({ kind: 'exclude', path: FILAMENT });
  });
});
