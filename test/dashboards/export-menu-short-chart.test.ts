/**
 * The export menu opens under its button, inside the chart's box, which scrolls: in a chart
 * shorter than the open menu — a Jobcenter page's 'Überfällige Abschlussberichte' (one bar)
 * and 'Vor dem Abbruch informiert' (no values) — it ran 7–14 px past the box's bottom, the box
 * scrolled vertically and the focus ring of 'Als PNG speichern' was cut off (a review).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');

describe.skipIf(!run)('the export menu of a short chart', () => {
  let pages: BrowserPages;
  beforeAll(async () => { pages = await browserPages('almp-menu-'); });
  afterAll(async () => { await pages?.close(); });

  it('lies inside its box with its links\' focus rings, and the box does not scroll for it', async () => {
    const file = pages.files.find((f) => f.startsWith('controlling-jobcenter-'))!;
    const page = await pages.open(file);
    // the charts not much taller than the open menu (130 px): the others hold it with room to spare
    const ids = await page.$$eval('.vis', (vs) => vs.filter((v) => v.clientHeight < 200).map((v) => v.id));
    expect(ids.length, 'the page has short charts').toBeGreaterThan(0);
    const cut: string[] = [];
    for (const id of ids) {
      await page.focus(`#${id} details > summary`);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(250); // the menu scales in
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('Tab');
        const r = await page.$eval(`#${id}`, (box) => {
          const a = document.activeElement as HTMLElement;
          const s = getComputedStyle(a);
          const ring = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
          const l = a.getBoundingClientRect(), b = box.getBoundingClientRect();
          return { link: a.textContent, past: Math.round(l.bottom + ring - b.bottom), vscroll: box.scrollHeight > box.clientHeight };
        });
        if (r.past > 0 || r.vscroll) cut.push(`${id}: '${r.link}' ring ${r.past} px past the bottom, box scrolls vertically: ${r.vscroll}`);
      }
      await page.keyboard.press('Escape');
    }
    expect([...new Set(cut)]).toEqual([]);
  }, 120_000);
});
