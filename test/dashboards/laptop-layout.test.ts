/**
 * The controlling pages on a 1,366 × 768 laptop screen, the common size in a Jobcenter's
 * office: chart cards stand two side by side (with the charts 560 px wide and the CSV button
 * beside each chart every card needed 780–980 px, the page was one column with its right
 * third empty, 6,669 px to scroll on the samples), and no chart is cut off in its card (a
 * card narrower than its chart would scroll inside).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');

describe.skipIf(!run)('dashboards on a 1,366 px screen', () => {
  let pages: BrowserPages;
  beforeAll(async () => {
    pages = await browserPages('almp-laptop-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('put most chart cards of a controlling page two to a row, every chart whole', async () => {
    const files = pages.files.filter((f) => f.startsWith('controlling-'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const page = await pages.open(file, { width: 1366, height: 768 });
      const cards = await page.$$eval('section.chart', (ss) =>
        ss.map((s) => {
          const box = s.getBoundingClientRect();
          const vis = s.querySelector('.vis') as HTMLElement;
          return { title: s.querySelector('h2')?.textContent ?? '', top: Math.round(box.top), cut: vis.scrollWidth > vis.clientWidth + 1 };
        }),
      );
      const paired = cards.filter((c) => cards.some((o) => o !== c && o.top === c.top));
      expect(paired.length / cards.length, `${file}: cards sharing a row`).toBeGreaterThanOrEqual(0.5);
      expect(cards.filter((c) => c.cut).map((c) => c.title), `${file}: charts cut off`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${file}: page width`).toBeLessThanOrEqual(1366);
      await page.close();
    }
  });
});
