/**
 * The pages on a phone (390 × 844). A chart wider than its card scrolls sideways in it, and
 * says so: a hint above it, the edge it goes on past fading out, its box a named Tab stop. A
 * user saw the charts cut off at the card's edge, with nothing saying there was more to the
 * right. Where the card is wide enough (the phone turned, a desktop at 1,400 px) none of it
 * shows, and it follows the window as it changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WIDE_HINT } from '../../dashboards/html/template.ts';
import { SCROLL_LABEL } from '../../dashboards/html/runtime.ts';
import { requireApp } from '../helpers/require-app.ts';
import { DESKTOP } from '../helpers/chromium.ts';
import { type BrowserPages, browserPages, CHROMIUM, pageKinds } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');
const PHONE = { width: 390, height: 844 };
/** A small phone on its side (iPhone SE): cards of 593 px, as wide as some charts. */
const TURNED = { width: 667, height: 375 };

/** What a reader meets at each chart: is it wider than its box, and what says so. */
function charts(page: Page) {
  return page.$$eval('.vis', (boxes) =>
    boxes.map((box) => {
      const frame = box.parentElement!;
      const hint = document.getElementById(box.id.replace(/^chart-/, 'w-'));
      const fades = (side: '::before' | '::after') => getComputedStyle(frame, side).content !== 'none' && getComputedStyle(frame, side).display !== 'none';
      const b = box.getBoundingClientRect(), f = frame.getBoundingClientRect();
      return {
        id: box.id,
        wide: box.scrollWidth > box.clientWidth,
        hint: hint !== null && hint.checkVisibility() ? hint.textContent : null,
        left: fades('::before'),
        right: fades('::after'),
        // the fades lie on the box's edges, wherever it is scrolled to
        frameOnBox: Math.abs(f.left - b.left) < 1 && Math.abs(f.right - b.right) < 1,
        tabindex: box.getAttribute('tabindex'),
        label: box.getAttribute('aria-label'),
        title: box.closest('section')!.querySelector('h2')!.textContent,
      };
    }),
  );
}

type Chart = Awaited<ReturnType<typeof charts>>[number];
const marked = (c: Chart) => ({ id: c.id, hint: c.hint, left: c.left, right: c.right, frameOnBox: c.frameOnBox, tabindex: c.tabindex, label: c.label });
const asWide = (c: Chart) => ({ id: c.id, hint: WIDE_HINT, left: false, right: true, frameOnBox: true, tabindex: '0', label: `${SCROLL_LABEL}: ${c.title}` });
const asFitting = (c: Chart) => ({ id: c.id, hint: null, left: false, right: false, frameOnBox: c.frameOnBox, tabindex: null, label: null });
/** Waits until each chart's hint shows just where it is wider than its box (the page redraws at a resize); the assertions after it say what differs. */
const settled = (page: Page) =>
  page
    .waitForFunction(() => [...document.querySelectorAll('.vis')].every((v) => (v.scrollWidth > v.clientWidth) === !!document.getElementById(v.id.replace(/^chart-/, 'w-'))?.checkVisibility()), undefined, { timeout: 5_000 })
    .catch(() => undefined);

/** Console errors and uncaught errors from now on (the page's loading is checked by open()). */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe.skipIf(!run)('dashboard pages on a phone', () => {
  let pages: BrowserPages;
  beforeAll(async () => {
    pages = await browserPages('almp-narrow-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('marks each chart wider than its card at 390 px (hint, fading edge, named Tab stop), none at 1,400 px', async () => {
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file, PHONE);
      const errors = errorsOf(page);
      const narrow = await charts(page);
      expect(narrow.filter((c) => c.wide).length, `${file}: charts wider than their card`).toBeGreaterThan(0);
      expect(narrow.map(marked), file).toEqual(narrow.map((c) => (c.wide ? asWide(c) : asFitting(c))));

      // scrolled to its end, the edge it came from fades instead
      const first = narrow.find((c) => c.wide)!.id;
      await page.$eval(`#${first}`, (box) => box.scrollTo({ left: box.scrollWidth }));
      await page.waitForFunction((id) => document.getElementById(id)!.parentElement!.classList.contains('more-left'), first);
      expect((await charts(page)).find((c) => c.id === first)).toMatchObject({ left: true, right: false, hint: WIDE_HINT });

      // on paper nothing scrolls (the chart is drawn smaller): no hint, no fade
      await page.emulateMedia({ media: 'print' });
      expect((await charts(page)).filter((c) => c.hint !== null || c.left || c.right).map((c) => c.id), `${file} printed`).toEqual([]);
      await page.emulateMedia({ media: 'screen' });

      await page.setViewportSize(DESKTOP);
      await settled(page);
      const wide = await charts(page);
      expect(wide.map(marked), `${file} at 1,400 px`).toEqual(wide.map(asFitting));
      expect(errors, file).toEqual([]);
    }
  });

  it('follows the window: a phone turned shows the hint only where a chart still does not fit, and again all of them turned back', async () => {
    const page = await pages.open('controlling-gesamt.html', PHONE);
    const errors = errorsOf(page);
    const count = async () => (await charts(page)).filter((c) => c.hint !== null).length;
    const upright = await count();
    await page.setViewportSize(TURNED);
    await settled(page);
    const turned = await charts(page);
    expect(turned.map(marked)).toEqual(turned.map((c) => (c.wide ? asWide(c) : asFitting(c))));
    // the key figures and the Kaplan–Meier curves are wider than a small phone on its side; the others fit
    expect(turned.filter((c) => c.wide).length).toBeGreaterThan(0);
    expect(turned.filter((c) => c.wide).length).toBeLessThan(upright);
    await page.setViewportSize(PHONE);
    await settled(page);
    expect(await count()).toBe(upright);
    expect(errors).toEqual([]);
  });
});
