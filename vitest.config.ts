import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Starts a throw-away PostgreSQL for the store suite (skipped with a message when absent outside CI).
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
