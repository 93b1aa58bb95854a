/**
 * The pages on a laptop screen and on paper.
 *
 * The controlling pages and the instruments' portfolio on a 1,366 × 768 laptop screen, the
 * common size in a Jobcenter's office: chart cards stand two side by side (with the charts
 * 560 px wide and the CSV button beside each chart every card needed 780–980 px, the page was
 * one column with its right third empty, 6,669 px to scroll on the samples; the portfolio's
 * two-column legends and one-line titles did the same), and no chart is cut off in its card
 * (a card narrower than its chart would scroll inside).
 *
 * Printed on A4 portrait (a card about 670 px wide), every chart is whole: on paper a chart
 * wider than its card was cut off at the edge (the key figures lost „Überfällige Berichte“,
 * the Kaplan–Meier curves their last days, the ministry's tables half their Jobcenters).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM, pageKinds } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');

describe.skipIf(!run)('dashboard pages on a laptop and on paper', () => {
  let pages: BrowserPages;
  beforeAll(async () => {
    pages = await browserPages('almp-laptop-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('put most chart cards of a controlling page and of the instruments portfolio two to a row, every chart whole', async () => {
    const files = pages.files.filter((f) => f.startsWith('controlling-') || f === 'portfolioplanung.html');
    expect(files.length).toBeGreaterThanOrEqual(3);
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
    }
  });

  it('print every chart whole on A4 portrait, drawn smaller where it is wider than the page', async () => {
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file, { width: 718, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      const cut = await page.$$eval('section.chart', (ss) =>
        ss
          .filter((s) => {
            const card = s.getBoundingClientRect();
            const svg = s.querySelector('.vis svg')?.getBoundingClientRect();
            const vis = s.querySelector('.vis') as HTMLElement;
            return vis.scrollWidth > vis.clientWidth + 1 || (svg !== undefined && svg.right > card.right + 1);
          })
          .map((s) => s.querySelector('h2')?.textContent ?? ''),
      );
      expect(cut, `${file}: charts cut off on paper`).toEqual([]);
    }
  });
});
