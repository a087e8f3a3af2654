import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests wait for readiness, not for time; these limits only end a hang, far above test/support/patience.ts's
    // PATIENCE_MS (5 min), so a loaded machine makes the suite slower and never red.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, which on a two-core machine runs the files one after the
    // other (over 30 minutes); two workers run the long understanding file beside all the others. Files that share a
    // server keep to schemas of their own (test/support/pg-schema.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
