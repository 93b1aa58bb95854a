import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // 2 cores shared with other work: at a load average of 15-17 a model build that takes
    // 2.5 s idle passed 60 s, and the timed-out build, still running, failed the next tests
    // of its file ("cannot start a transaction within a transaction").
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // DuckDB files and child processes: keep parallelism modest on 2 cores.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
