/**
 * What period each sheet of the quarterly workbook names. Q4 2025 at Datenstand 30.09.2026:
 * the provider comparison is the closed year 2025, final by the mart's flag — it read „Jahr
 * 2025 (Januar bis Datenstand) · vorläufig“; the overdue reports and the data-quality
 * findings are counts on the Datenstand — headed „Zeitraum Q4 2025 · vorläufig“, a list
 * naming measures whose contracts ended in 2024 read as the quarter's.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { writeReturns } from '../../reports/build.ts';
import { readWorkbook } from './helpers/cell-dump.ts';
import { buildFixture, type Fixture } from './helpers/fixture.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 180_000);
afterAll(() => fx?.db.close());

describe('the period a quarterly sheet names', () => {
  it('a closed year by its name alone and as final as the mart says; counts on the Datenstand by that day', async () => {
    const results = await writeReturns(fx.db, { outDir: join(fx.dir, 'out-periods'), period: '2025-Q4' }, quietEffects(new Date('2026-10-01T08:00:00Z')));
    const file = results.find((r) => r.path?.includes('jobcenter-controlling-2025-Q4-'))!.path!;
    const wb = await readWorkbook(file);
    const subtitle = (sheet: string) => String(wb.getWorksheet(sheet)!.getCell('A2').value);
    const finalYear = await fx.db.scalar("SELECT count(*) FROM mart.dropout_funnel WHERE level = 'provider' AND period = '2025' AND period_type = 'year' AND NOT provisional");
    expect(finalYear).toBeGreaterThan(0);
    expect(subtitle('Trägervergleich')).toMatch(/^Zeitraum Jahr 2025 · Jobcenter \d{5} · Datenstand 30\.09\.2026$/);
    for (const sheet of ['Überfällige Berichte', 'Datenqualität']) expect(subtitle(sheet), sheet).toMatch(/^Stand 30\.09\.2026 \(Datenstand\) · Jobcenter \d{5}$/);
    // a quarter's own sheet still names the quarter
    expect(subtitle('Austritte')).toMatch(/^Zeitraum Q4 2025 · Jobcenter \d{5} · Datenstand 30\.09\.2026/);
    // and a running year still says it runs
    const running = await writeReturns(fx.db, { outDir: join(fx.dir, 'out-running'), period: '2026-Q2' }, quietEffects(new Date('2026-10-01T08:00:00Z')));
    const q2 = await readWorkbook(running.find((r) => r.path?.includes('jobcenter-controlling-2026-Q2-'))!.path!);
    expect(String(q2.getWorksheet('Trägervergleich')!.getCell('A2').value)).toMatch(/^Zeitraum Jahr 2026 \(Januar bis Datenstand\) · Jobcenter \d{5} · Datenstand 30\.09\.2026 · vorläufig$/);
  });
});
