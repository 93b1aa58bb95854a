/**
 * The pages on a phone (390 × 844). A chart wider than its card scrolls sideways in it, and
 * says so: a hint above it, the edge it goes on past fading out, its box a named Tab stop. A
 * user saw the charts cut off at the card's edge, with nothing saying there was more to the
 * right. Where the card is wide enough (the phone turned, a desktop at 1,400 px) none of it
 * shows, and it follows the window as it changes. Nor over a chart without values for the
 * selection (its note „Keine Werte …“ above it): its bare axes went on past the card, and the
 * hint sent a reader scrolling to nothing.
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
        // the note stands right above the frame (runtime.ts)
        empty: frame.previousElementSibling?.matches('p.empty-note:not([hidden])') ?? false,
        hint: hint !== null && hint.checkVisibility() ? hint.textContent : null,
        left: fades('::before'),
        right: fades('::after'),
        // the fades lie on the box's edges, wherever it is scrolled to
        frameOnBox: Math.abs(f.left - b.left) < 1 && Math.abs(f.right - b.right) < 1,
        // texts of the value axes' copy shown at the box's left edge
        axisCopy: [...box.querySelectorAll('.axis-copy text')].filter((t) => t.checkVisibility({ visibilityProperty: true })).length,
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
/** What a chart should carry: marked where it is wider than its card and has values. */
const expected = (c: Chart) => (c.wide && !c.empty ? asWide(c) : asFitting(c));
/** Waits until each chart's hint shows just where it is wider than its box and not empty (the page redraws at a resize); the assertions after it say what differs. */
const settled = (page: Page) =>
  page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('.vis')].every(
          (v) => (v.scrollWidth > v.clientWidth && !v.parentElement!.previousElementSibling?.matches('p.empty-note:not([hidden])')) === !!document.getElementById(v.id.replace(/^chart-/, 'w-'))?.checkVisibility(),
        ),
      undefined,
      { timeout: 5_000 },
    )
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
      expect(narrow.map(marked), file).toEqual(narrow.map(expected));

      // scrolled to its end, the edge it came from fades instead
      const first = narrow.find((c) => c.wide && !c.empty)!.id;
      await page.$eval(`#${first}`, (box) => box.scrollTo({ left: box.scrollWidth }));
      await page.waitForFunction((id) => document.getElementById(id)!.parentElement!.classList.contains('more-left'), first);
      expect((await charts(page)).find((c) => c.id === first)).toMatchObject({ left: true, right: false, hint: WIDE_HINT });

      // on paper nothing scrolls (the chart is drawn smaller): no hint, no fade
      await page.emulateMedia({ media: 'print' });
      expect((await charts(page)).filter((c) => c.hint !== null || c.left || c.right || c.axisCopy).map((c) => c.id), `${file} printed`).toEqual([]);
      await page.emulateMedia({ media: 'screen' });

      await page.setViewportSize(DESKTOP);
      await settled(page);
      const wide = await charts(page);
      expect(wide.map(marked), `${file} at 1,400 px`).toEqual(wide.map(asFitting));
      expect(wide.filter((c) => c.axisCopy).map((c) => c.id), `${file} at 1,400 px`).toEqual([]);
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
    expect(turned.map(marked)).toEqual(turned.map(expected));
    // the key figures and the Kaplan–Meier curves are wider than a small phone on its side; the others fit
    expect(turned.filter((c) => c.wide).length).toBeGreaterThan(0);
    expect(turned.filter((c) => c.wide).length).toBeLessThan(upright);
    await page.setViewportSize(PHONE);
    await settled(page);
    expect(await count()).toBe(upright);
    expect(errors).toEqual([]);
  });

  it('keeps the value axes at the left edge of a chart scrolled sideways, not the names of a bar chart', async () => {
    const page = await pages.open('controlling-gesamt.html', PHONE);
    const errors = errorsOf(page);
    const rate = 'chart-abbruchquote-monatlich', funnel = 'chart-zugang-bis-austritt';
    const copied = async (id: string) => (await charts(page)).find((c) => c.id === id)!.axisCopy;
    expect(await copied(rate)).toBe(0);
    for (const id of [rate, funnel]) await page.$eval(`#${id}`, (box) => box.scrollTo({ left: box.scrollWidth }));
    await page.waitForFunction((id) => document.getElementById(id)!.parentElement!.classList.contains('more-left'), funnel);
    // the rate's and the exits' axes, each label where the chart's own stands, at the box's left edge
    const copy = () =>
      page.$eval(`#${rate}`, (box) => {
        const at = (t: Element) => `${t.textContent} ${Math.round(t.getBoundingClientRect().top)}`;
        const own = [...box.querySelectorAll('.chart-wrapper g.role-axis text')].map(at);
        const texts = [...box.querySelectorAll('.axis-copy text')];
        const left = Math.min(...texts.map((t) => t.getBoundingClientRect().left)) - box.getBoundingClientRect().left;
        return { labels: texts.map(at), missing: texts.map(at).filter((l) => !own.includes(l)), left };
      });
    const scrolled = await copy();
    expect(scrolled.labels.map((l) => l.replace(/ -?\d+$/, '').replace(/\s/g, ' '))).toEqual(expect.arrayContaining(['0 %', '20 %', 'Abbruchquote', '0', 'Austritte']));
    expect(scrolled.missing).toEqual([]);
    expect(scrolled.left).toBeGreaterThanOrEqual(0);
    expect(scrolled.left).toBeLessThan(40);
    expect(await copied(funnel)).toBe(0);
    // the copy's white takes the pointer (a point under it showed its tooltip), and a wheel on it still scrolls
    await page.$eval(`#${rate}`, (box) => box.scrollIntoView({ block: 'center' }));
    const ground = await page.$eval(`#${rate} .axis-copy rect`, (r) => {
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    });
    expect(await page.evaluate(({ x, y }) => Boolean(document.elementFromPoint(x, y)?.closest('.axis-copy')), ground)).toBe(true);
    const before = await page.$eval(`#${rate}`, (box) => box.scrollLeft);
    await page.mouse.move(ground.x, ground.y);
    await page.mouse.wheel(-120, 0);
    await page.waitForFunction(([id, x]) => document.getElementById(id as string)!.scrollLeft < (x as number), [rate, before] as const);
    // another selection, other axes: the copy follows
    await page.selectOption('#filter-instr', '16i');
    await page.waitForSelector('body[data-rendered="true"]');
    const chosen = await copy();
    expect(chosen.labels).not.toEqual(scrolled.labels);
    expect(chosen.missing).toEqual([]);
    // on paper the chart is drawn whole, its own axis in place
    await page.emulateMedia({ media: 'print' });
    expect(await copied(rate)).toBe(0);
    await page.emulateMedia({ media: 'screen' });
    await page.$eval(`#${rate}`, (box) => box.scrollTo({ left: 0 }));
    await page.waitForFunction((id) => !document.getElementById(id)!.parentElement!.classList.contains('more-left'), rate);
    expect(await copied(rate)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows no hint, fade or Tab stop over a chart without values, and marks it again once a filter gives it values', async () => {
    // in the fixture the Jobcenter 06411 has no values for warnings before a dropout, nor overdue final reports for 16i
    const page = await pages.open('controlling-jobcenter-06411.html', PHONE);
    const errors = errorsOf(page);
    const overdue = 'chart-berichte-ueberfaellig';
    const before = await charts(page);
    expect(before.filter((c) => c.wide && c.empty).map((c) => c.id)).toContain('chart-abbruch-vorab-informiert');
    expect(before.find((c) => c.id === overdue)).toMatchObject({ wide: true, empty: false, hint: WIDE_HINT });
    expect(before.map(marked)).toEqual(before.map(expected));
    // swiped sideways, an empty chart's edge does not fade either
    await page.$eval('#chart-abbruch-vorab-informiert', (box) => box.scrollTo({ left: box.scrollWidth }));
    await page.evaluate(() => new Promise(requestAnimationFrame));
    expect((await charts(page)).find((c) => c.id === 'chart-abbruch-vorab-informiert')).toMatchObject({ left: false, right: false, hint: null });

    // a filter empties a wide chart: the hint goes with its values, also where the chart keeps
    // its size (here pinned to it: its key's height changes in the fixture), which no resize reports
    await page.$eval(`#${overdue}`, (box) => {
      for (const el of [box, box.querySelector<HTMLElement>('.chart-wrapper')!]) el.style.height = `${el.getBoundingClientRect().height}px`;
    });
    await page.selectOption('#filter-instr', '16i');
    await page.waitForSelector('body[data-rendered="true"]');
    const chosen = await charts(page);
    expect(chosen.find((c) => c.id === overdue)).toMatchObject({ wide: true, empty: true, hint: null, tabindex: null });
    expect(chosen.map(marked)).toEqual(chosen.map(expected));
    await page.selectOption('#filter-instr', '*');
    await page.waitForSelector('body[data-rendered="true"]');
    expect((await charts(page)).find((c) => c.id === overdue)).toMatchObject({ empty: false, hint: WIDE_HINT, tabindex: '0' });
    expect(errors).toEqual([]);
  });
});
