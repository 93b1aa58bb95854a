import { configDefaults, defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/helpers/slow-first.ts';
import { keepFreedMemoryEnv } from './test/helpers/keep-freed-memory.ts';

// DuckDB's jemalloc hands freed pages back to the kernel after 1 s, and each new hash table
// (2 MB for every aggregate, whatever its size) faults them in again: on this 2-core VM page
// faults are dear, and a suite of many small databases spent 14 % of its CPU more (test/models
// and test/reports: 266 vs 228 CPU-s, 135 vs 115 s). Read when the library loads, so set here,
// before any worker starts; the tests' child processes inherit it. Not in almp itself: at 10^6
// participations the build's peak RSS grew from 1,248 to 1,761 MB with pages kept.
process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:-1,muzzy_decay_ms:-1';
// ... and a closing database still purges them all (test/helpers/keep-freed-memory.c)
const keepFreedMemory = keepFreedMemoryEnv();

/** Files that replace a module with vi.mock: they need a module graph of their own. */
const ISOLATED = ['test/ops/inbox-unreadable.test.ts', 'test/ops/doctor-permissions.test.ts', 'test/reports/replace-outputs.test.ts', 'test/reports/read-only-output.test.ts', 'test/hardening/federation-copy.test.ts'];

export default defineConfig({
  test: {
    // 2 cores shared with other work: at a load average of 15-17 a model build that takes
    // 2.5 s idle passed 60 s, and the timed-out build, still running, failed the next tests
    // of its file ("cannot start a transaction within a transaction").
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Four files at a time on 2 cores: with two, a third of the CPU stood idle (12.4 min of
    // CPU in a 9.5-min run) while tests waited for a scheduler to fire, a lock to time out or
    // a child process to start; with three, still a fifth (15.3 min of CPU in a 9 min 58 s
    // clean-clone run, 2026-12-06 17:30); with four, 9 min 13 s on the same code at 17:41.
    maxWorkers: 4,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // one folder per run for the databases several files build alike (test/helpers/template-db.ts)
    globalSetup: ['./test/helpers/global-setup.ts'],
    // one DuckDB thread per database in the command lines the tests start (one-thread.ts)
    env: { ALMP_THREADS: '1', ...keepFreedMemory },
    // the slowest files first, so that no worker is left alone with one at the end
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      // A worker keeps the modules it loaded (vega, exceljs, DuckDB, playwright) for its next
      // file: re-importing them for each of 136 files took 106 s of the suite's time.
      // one DuckDB thread per database in the tests' own process too; not in the isolated
      // files: a setup file's imports would come before their vi.mock
      { extends: true, test: { name: 'shared-modules', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false, setupFiles: ['./test/helpers/one-thread.ts'] } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
