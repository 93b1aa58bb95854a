/**
 * Test files in order of start: the slowest first, then vitest's own order (larger files
 * first on a clean clone). Ordered by size, a 2-minute file (the axe test: 83 lines) started
 * half-way and one of 26 s (run-as-of-note) last, while the other workers had run out of
 * files. The list only orders: a file renamed or gone from it changes nothing else.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** By their mean time in two clean-clone CI runs of 2026-12-05 (99 s down to 18 s, 3 workers). */
export const SLOW_FIRST = [
  'test/dashboards/axe.test.ts',
  // the compiler in a child process, ~18 CPU-s: started early, it does not run on alone at the end
  'test/typecheck.test.ts',
  'test/hardening/federation.test.ts',
  'test/ops/rotate-key.test.ts',
  'test/hardening/fuzz.test.ts',
  'test/models/build.test.ts',
  'test/ingest/crash.test.ts',
  'test/dashboards/browser.test.ts',
  'test/hardening/crash-build.test.ts',
  'test/dashboards/keyboard.test.ts',
  'test/models/provisional-month-ends.test.ts',
  'test/dashboards/value-tables.test.ts',
  'test/schedule/schedule-command.test.ts',
  'test/hardening/security.test.ts',
  'test/dashboards/browser-samples.test.ts',
  'test/ops/returns-refused.test.ts',
  'test/models/portable-marts.test.ts',
  'test/reports/revisions.test.ts',
  'test/reports/returns-totals.test.ts',
  'test/reports/returns-samples.test.ts',
  'test/ops/closed-pipe.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = SLOW_FIRST.indexOf(relative(this.ctx.config.root, spec.moduleId).split('\\').join('/'));
      return at === -1 ? SLOW_FIRST.length : at;
    };
    // within a project only: vitest runs the isolated project's files apart
    const project = (spec: TestSpecification) => ordered.findIndex((s) => s.project.name === spec.project.name);
    return ordered
      .map((spec, index) => ({ spec, index, project: project(spec), rank: rank(spec) }))
      .sort((a, b) => a.project - b.project || a.rank - b.rank || a.index - b.index)
      .map((x) => x.spec);
  }
}
