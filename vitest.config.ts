import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests wait for readiness, not for time; these limits only end a hang, far above test/support/patience.ts's
    // PATIENCE_MS (5 min), so a loaded machine makes the suite slower and never red.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
