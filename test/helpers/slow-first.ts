/**
 * Test files in order of start: the slowest first, by their time in earlier runs of the whole
 * suite (durations.json), so that no worker is left alone with a long file at the end (the
 * longest-first rule of scheduling). A file not listed (new) starts before all others: it may
 * be long, and a short one costs nothing there. Vitest keeps such times itself, but only
 * after a run in the same folder: a clean clone ordered by file size, and a 2-minute file
 * (the axe test, 83 lines) started half-way while the other workers ran out of files.
 * `npx tsx test/helpers/record-durations.ts` after a full run writes the file anew.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds per test file (path from the project root), as record-durations.ts writes them. */
export const DURATIONS_FILE = new URL('./durations.json', import.meta.url);

export function knownDurations(): ReadonlyMap<string, number> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>));
  } catch {
    return new Map(); // no file (or a broken one): vitest's own order
  }
}

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const durations = knownDurations();
    const seconds = (spec: TestSpecification) => durations.get(relative(this.ctx.config.root, spec.moduleId).split('\\').join('/')) ?? Number.POSITIVE_INFINITY;
    // within a project only: vitest runs the isolated project's files apart
    const project = (spec: TestSpecification) => ordered.findIndex((s) => s.project.name === spec.project.name);
    return ordered
      .map((spec, index) => ({ spec, index, project: project(spec), seconds: seconds(spec) }))
      .sort((a, b) => a.project - b.project || b.seconds - a.seconds || a.index - b.index)
      .map((x) => x.spec);
  }
}
