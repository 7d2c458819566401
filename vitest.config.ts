import { defineConfig } from 'vitest/config';

// Integration tests start real Harper and local BigQuery processes: generous hook
// timeouts, and at most two files at once because the machines have two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    pool: 'forks',
    // A Harper root installed once per run and copied by each file (test/support/harper-template.ts).
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
