/**
 * The cover names what a clerk files the return under: the Jobcenter by its name, all
 * Jobcenters by their state, and a period not yet over by the days it covers.
 */
import { describe, expect, it } from 'vitest';
import { areaText, periodWithEnd } from '../../reports/render/cover.ts';

const cover = { version: 'x', sources: [], jobcenters: { '06411': { name: 'Jobcenter Darmstadt', state: 'Hessen' }, '06412': { name: null, state: 'Hessen' } } };

describe('the cover', () => {
  it('names the area: a Jobcenter by its name where its list has one, all Jobcenters by their state', () => {
    expect(areaText('06411', cover)).toBe('Jobcenter Darmstadt (06411)');
    expect(areaText('06412', cover)).toBe('Jobcenter 06412');
    expect(areaText(null, cover)).toBe('Hessen (alle Jobcenter)');
    expect(areaText(null, { version: 'x', sources: [] })).toBe('Land (alle Jobcenter)');
  });

  it('says until when a period not over at the Datenstand is counted', () => {
    expect(periodWithEnd('2026', '2026-09-30')).toBe('2026, 01.01.–30.09.2026 (bis zum Datenstand)');
    expect(periodWithEnd('2026-Q4', '2026-11-15')).toBe('Q4 2026, 01.10.–15.11.2026 (bis zum Datenstand)');
    expect(periodWithEnd('2026-Q3', '2026-09-30')).toBe('Q3 2026');
    expect(periodWithEnd('2025', '2026-09-30')).toBe('2025');
  });
});
