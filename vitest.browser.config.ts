import { defineConfig } from 'vitest/config';

// Whole-journey browser tests: a real server child process and headless Debian chromium.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false, // one chromium and one server at a time on a small machine
    pool: 'forks',
  },
});
