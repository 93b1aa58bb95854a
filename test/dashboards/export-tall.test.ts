/**
 * A chart too tall to be a picture gets its SVG but no PNG, and says why: the providers ×
 * years table at 10^6 participations became a 1,022 × 17,405 px PNG of 3.3 MB that no slide
 * shows legibly, and took 40 % of all PNG time. A chart of normal height gets both.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chart } from '../../dashboards/charts/kit.ts';
import { encodeDataset } from '../../dashboards/dataset.ts';
import { ExportPool, MAX_PNG_HEIGHT } from '../../dashboards/export-pool.ts';

const rows = Array.from({ length: 40 }, (_, i) => ({ prv: `P${String(i).padStart(3, '0')}`, v: i / 40 }));

/** A bar per provider, `step` px per bar: the picture's height follows the number of rows. */
const bars = (step: number) =>
  chart({
    id: 'bars',
    title: 'Träger',
    description: 'Balken je Träger',
    datasets: ['year'],
    table: { key: ['Träger'], order: 'y' },
    body: { data: { name: 'year' }, width: 300, height: { step }, mark: 'bar', encoding: { y: { field: 'prv', type: 'nominal' }, x: { field: 'v', type: 'quantitative' } } },
  });

describe('static exports of tall charts', () => {
  const pool = new ExportPool(1);
  afterAll(() => pool.close());

  it('draw a PNG of a chart of normal height', async () => {
    pool.addDatasets('t', JSON.stringify({ year: encodeDataset(rows) }));
    const out = await pool.render('t', bars(20), true);
    expect(out.noPng).toBeUndefined();
    expect(Buffer.from(out.png!).subarray(1, 4).toString()).toBe('PNG');
  });

  it('give a chart taller than the limit its SVG and the reason instead of a PNG', async () => {
    // 40 rows × 80 px = 3,200 px of plot, × 1.5 zoom > 4,000 px
    const out = await pool.render('t', bars(80), true);
    expect(out.png).toBeUndefined();
    expect(out.svg).toContain('P039');
    const height = Number(/height="(\d+)"/.exec(out.svg)![1]) * 1.5;
    expect(height).toBeGreaterThan(MAX_PNG_HEIGHT);
    expect(out.noPng).toContain(`${Math.ceil(height)} px high (limit ${MAX_PNG_HEIGHT})`);
  });
});
