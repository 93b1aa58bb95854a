/**
 * --kind is matched as the folder names are: 'Participations' exited 2 ("unknown kind") where
 * a folder of that name is read as participations (an audit).
 */
import { describe, expect, it } from 'vitest';
import { parseKind } from '../../pipelines/cli/parsers.ts';

describe('--kind', () => {
  it.each([
    ['participations', 'participations'],
    ['Participations', 'participations'],
    ['final-reports', 'final_reports'],
    [' Jobcenter_Stocks ', 'jobcenter_stocks'],
  ])('%s is %s', (given, kind) => expect(parseKind(given)).toBe(kind));

  it('refuses what names no kind, listing the kinds', () => {
    expect(() => parseKind('reports')).toThrow("unknown kind 'reports'. Use one of: jobcenters, providers, measures");
  });
});
