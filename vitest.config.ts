import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, fixtures, the built CLI) and `integration` (the real Docker
// engine and tracers; gated by a runtime probe that fails under CI=true instead of skipping).
export default defineConfig({
  test: {
    restoreMocks: true,
    clearMocks: true,
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
