/**
 * The dashboards by keyboard alone (WCAG 2.1.1, 2.4.7): Tab reaches every filter, every
 * chart's export menu, its CSV button and its table, each with a visible focus ring; a filter changed with
 * the arrow keys redraws charts and tables; the export menu saves a chart with Enter and
 * closes with Escape; a table opens with Enter; the filter bar on top hides no focused control;
 * a tooltip goes with Escape and stays while the pointer is on it (1.4.13).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM, pageKinds } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');

/** The focused element: what it is, and how its focus is drawn. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return {
      what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`,
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      opacity: Number(style.opacity),
    };
  });

describe.skipIf(!run)('dashboards by keyboard', () => {
  let pages: BrowserPages;
  beforeAll(async () => {
    pages = await browserPages('almp-keyboard-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('Tab reaches every page link, filter, export menu and table button, each with a visible focus ring', async () => {
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file);
      const charts = await page.$$eval('section.chart h2', (hs) => hs.map((h) => h.textContent ?? ''));
      const filters = await page.$$eval('select', (ss) => ss.map((s) => s.id));
      const links = await page.$$eval('header nav a', (as) => as.map((a) => `a ${a.textContent?.trim().slice(0, 40)}`));
      expect(links.length, file).toBeGreaterThanOrEqual(5);
      const expected = [
        'a Zu Filtern und Diagrammen springen',
        ...links,
        ...filters.map((id) => `select#${id}`),
        ...charts.flatMap((title) => [
          `summary Diagramm exportieren: ${title}`,
          `button Daten als CSV (Excel): ${title}`,
          `summary Werte als Tabelle: ${title}`,
        ]),
      ];
      const reached: string[] = [];
      for (let i = 0; i < expected.length; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        expect(f.ring && f.opacity === 1, `${file}: focus ring on ${f.what}`).toBe(true);
        reached.push(f.what.startsWith('select#') ? f.what.split(' ')[0]! : f.what);
      }
      expect(reached, file).toEqual(expected);
    }
  }, 120_000);

  it('draws the focus ring of each export menu whole, not cut off by the corner of the chart box that scrolls', async () => {
    const page = await pages.open('controlling-gesamt.html');
    const clipped = await page.$$eval('.vis details > summary', (summaries) =>
      summaries.flatMap((summary) => {
        (summary as HTMLElement).focus();
        const style = getComputedStyle(summary);
        const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        if (style.outlineStyle === 'none' || !(ring >= 3)) return [`${summary.getAttribute('aria-label')}: no focus ring`];
        const r = summary.getBoundingClientRect();
        // the box scrolls (overflow-x: auto), so it cuts off whatever lies beyond its padding edge
        const box = summary.closest('.vis')!.getBoundingClientRect();
        const beyond = Math.max(box.top - (r.top - ring), box.left - (r.left - ring), r.right + ring - box.right, r.bottom + ring - box.bottom);
        return beyond > 0 ? [`${summary.getAttribute('aria-label')}: ${beyond} px of the ring cut off`] : [];
      }),
    );
    expect(clipped).toEqual([]);
    // the menu it opens lies inside the box too, with its links' rings: the box does not scroll for it
    const menu = '#chart-zugang-bis-austritt';
    await page.focus(`${menu} details > summary`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300); // the menu scales in
    const open = await page.$eval(menu, (box) => {
      const link = document.activeElement!;
      const style = getComputedStyle(link);
      const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
      const r = link.getBoundingClientRect(), b = box.getBoundingClientRect();
      return { link: link.textContent, scrolls: box.scrollWidth > box.clientWidth, ringOut: r.right + ring - b.right };
    });
    expect(open).toMatchObject({ link: 'Als SVG speichern', scrolls: false });
    expect(open.ringOut).toBeLessThanOrEqual(0);
  });

  it('outlines its buttons and selects with 3:1 on their white ground (WCAG 1.4.11)', async () => {
    const page = await pages.open('controlling-gesamt.html');
    const borders = await page.evaluate(() =>
      ['button.csv', '.vega-embed details > summary', 'select'].map((selector) => ({ selector, colour: getComputedStyle(document.querySelector(selector)!).borderTopColor })),
    );
    const luminance = (c: string) =>
      c.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const low = borders.map((b) => ({ ...b, ratio: 1.05 / (luminance(b.colour) + 0.05) })).filter((b) => b.ratio < 3).map((b) => `${b.selector}: ${b.colour} ${b.ratio.toFixed(2)}:1`);
    expect(low).toEqual([]);
  });

  it('skips the page links with the first Tab and Enter: the next Tab is on the first filter', async () => {
    const page = await pages.open('controlling-gesamt.html');
    await page.keyboard.press('Tab');
    expect((await focused(page)).what).toBe('a Zu Filtern und Diagrammen springen');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect((await focused(page)).what.split(' ')[0]).toBe('select#filter-jc');
  });

  it('hides the skip link wholly until it is focused, also where it wraps to two lines (320 px), and shows it wholly when focused', async () => {
    for (const width of [320, 1400]) {
      const page = await pages.open('controlling-gesamt.html', { width, height: 640 });
      const rect = () => page.$eval('a.skip', (a) => a.getBoundingClientRect().toJSON() as DOMRect);
      const rest = await rect();
      expect(rest.bottom, `${width} px: ${rest.height} px high, bottom at ${rest.bottom}`).toBeLessThanOrEqual(0);
      await page.keyboard.press('Tab');
      expect((await focused(page)).what).toBe('a Zu Filtern und Diagrammen springen');
      const shown = await rect();
      expect(shown.top >= 0 && shown.left >= 0 && shown.right <= width, `${width} px: ${JSON.stringify(shown)}`).toBe(true);
    }
  });

  it('keeps a control focused from below clear of the filter bar that stays on top', async () => {
    const page = await pages.open('controlling-gesamt.html', { width: 1280, height: 800 });
    for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
    const covered: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Shift+Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const rect = el.getBoundingClientRect();
        const bar = document.querySelector('.filters')!.getBoundingClientRect();
        return { what: el.getAttribute('aria-label') ?? el.textContent ?? '', top: rect.top, bottom: rect.bottom, bar: bar.bottom, barTop: bar.top, inBar: !!el.closest('.filters') };
      });
      // under the bar: overlapping it (the page links in the header lie above it)
      if (!f.inBar && f.top < f.bar && f.bottom > f.barTop) covered.push(`${f.what.slice(0, 50)}: top ${f.top} under the bar's ${f.bar}`);
    }
    expect(covered).toEqual([]);
  });

  it('keeps the filter bar on top of the charts scrolled under it (their export buttons took its clicks)', async () => {
    const page = await pages.open('controlling-gesamt.html', { width: 1400, height: 900 });
    const covered: string[] = [];
    for (let y = 0; y < 6000; y += 150) {
      const hit = await page.evaluate((top) => {
        window.scrollTo(0, top);
        const bar = document.querySelector('.filters')!;
        if (getComputedStyle(bar).position !== 'sticky' || bar.getBoundingClientRect().top > 0) return undefined;
        // every point of the bar, a control's or its background's, belongs to the bar
        const box = bar.getBoundingClientRect();
        const missed: string[] = [];
        for (let x = box.left + 4; x < box.right; x += 20) {
          for (const yy of [box.top + 4, (box.top + box.bottom) / 2, box.bottom - 4]) {
            const el = document.elementFromPoint(x, yy);
            if (el && !bar.contains(el)) missed.push(`${Math.round(x)},${Math.round(yy)}: ${el.tagName.toLowerCase()}.${el.className}`);
          }
        }
        return missed.join('; ');
      }, y);
      if (hit) covered.push(`scrolled ${y}: ${hit}`);
    }
    expect(covered).toEqual([]);
  });

  it('keeps every control focused with Shift+Tab clear of the filter bar, however tall it grows; a bar over a fifth of the window scrolls away', async () => {
    // a Jobcenter and an instrument chosen: the note under the filters makes a third row (the
    // fixture's bar 182 px at 800 px wide, the samples' at 1,024), where the page had reserved a
    // fixed 160 px above a focused control
    for (const viewport of [
      // the bar on top, 182 px: a control goes its measured height below it
      { width: 800, height: 1000 },
      // 1,920 × 1,080 at 200 % zoom: the bar over a fifth of the window scrolls away
      { width: 960, height: 540 },
    ]) {
      const page = await pages.open('controlling-gesamt.html', viewport);
      for (const select of ['#filter-jc', '#filter-instr']) {
        await page.focus(select);
        await page.keyboard.press('ArrowDown');
        await page.waitForSelector('body[data-rendered="true"]');
      }
      expect(await page.isVisible('#combo-note'), 'the note under the filters is shown').toBe(true);
      const bar = await page.$eval('.filters', (el) => ({ height: el.getBoundingClientRect().height, position: getComputedStyle(el).position }));
      expect(bar.position, `${viewport.width}×${viewport.height}: a bar of ${bar.height} px`).toBe(bar.height > viewport.height * 0.2 ? 'static' : 'sticky');
      // from the end of the page upwards, as a keyboard user goes back to a chart
      await page.$eval('footer', (el) => {
        el.setAttribute('tabindex', '-1');
        (el as HTMLElement).focus();
      });
      const covered: string[] = [];
      let stops = 0;
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Shift+Tab');
        const f = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          if (el.closest('.filters, header') || el.classList.contains('skip')) return undefined;
          const rect = el.getBoundingClientRect();
          const bar = document.querySelector('.filters')!.getBoundingClientRect();
          // what is drawn at the control's centre: the control, or the bar over it
          const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
          return { what: el.getAttribute('aria-label') ?? el.textContent ?? '', overlap: Math.min(rect.bottom, bar.bottom) - Math.max(rect.top, bar.top), onTop: !!top && el.contains(top) };
        });
        if (!f) break;
        stops++;
        if (f.overlap > 0 || !f.onTop) covered.push(`${f.what.slice(0, 60)}: ${Math.round(f.overlap)} px under the bar`);
      }
      expect(stops, 'Shift+Tab went through the charts').toBeGreaterThan(20);
      expect(covered, `${viewport.width}×${viewport.height}, bar ${bar.height} px`).toEqual([]);
    }
  });

  it('makes a chart wider than the screen a named Tab stop that the arrow keys scroll (320 px), and one that fits none', async () => {
    const page = await pages.open('controlling-gesamt.html', { width: 320, height: 640 });
    const boxes = () =>
      page.$$eval('.vis', (vs) => vs.map((v) => ({ id: v.id, scrolls: v.scrollWidth > v.clientWidth, tabindex: v.getAttribute('tabindex'), role: v.getAttribute('role'), label: v.getAttribute('aria-label') })));
    const narrow = await boxes();
    const scrolling = narrow.filter((b) => b.scrolls);
    expect(scrolling.length).toBeGreaterThan(3);
    const title = (id: string) => page.$eval(`#${id}`, (v) => v.closest('section')!.querySelector('h2')!.textContent);
    for (const box of scrolling) expect(box, box.id).toMatchObject({ tabindex: '0', role: 'region', label: `Diagramm, seitlich scrollbar: ${await title(box.id)}` });
    // reached with Tab, before the chart's export menu; the arrow key scrolls it
    const first = scrolling[0]!.id;
    await page.focus(`#${first} details > summary`);
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe(first);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // (the browser scrolls smoothly: a moment later)
    await page.waitForFunction((id) => document.getElementById(id)!.scrollLeft > 0, first, { timeout: 5_000 });
    // wide again, nothing scrolls: no Tab stop that does nothing
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.waitForFunction(() => [...document.querySelectorAll('.vis')].every((v) => (v.scrollWidth > v.clientWidth) === v.hasAttribute('tabindex')));
    const wide = await boxes();
    expect(wide.filter((b) => !b.scrolls && (b.tabindex !== null || b.role !== null))).toEqual([]);
  });

  it('changes a filter with the arrow keys: charts and tables show the new selection', async () => {
    const page = await pages.open('controlling-gesamt.html');
    const caption = () => page.$eval('#values-abbruchphase caption', (c) => c.textContent);
    const before = await caption();
    await page.focus('#filter-year');
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('body[data-rendered="true"]');
    const year = await page.$eval('#filter-year', (s) => (s as HTMLSelectElement).value);
    expect(await caption()).not.toBe(before);
    expect(await caption()).toContain(`Jahr ${year}`);
    expect(await page.$eval('#update-status', (s) => s.textContent)).toMatch(/neue Auswahl/);
    // the next change is announced too: a status line that does not change is not read again
    const first = await page.$eval('#update-status', (s) => s.textContent);
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('body[data-rendered="true"]');
    const second = await page.$eval('#update-status', (s) => s.textContent);
    expect(second).not.toBe(first);
    expect(second).toBe(`Jahr: ${await page.$eval('#filter-year', (s) => (s as HTMLSelectElement).value)}. Diagramme und Tabellen zeigen die neue Auswahl.`);
  });

  it('saves a chart from its menu with Enter, closes the menu with Escape, opens a table with Enter', async () => {
    const page = await pages.open('controlling-gesamt.html');
    const menu = '#chart-abbruchquote-monatlich details';
    await page.focus(`${menu} > summary`);
    await page.keyboard.press('Enter');
    expect(await page.$eval(menu, (d) => (d as HTMLDetailsElement).open)).toBe(true);
    await page.keyboard.press('Tab');
    expect((await focused(page)).what).toContain('Als SVG speichern');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('controlling-gesamt_abbruchquote-monatlich.svg');
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*class="almp-caption"[^>]*>[^<]*Datenstand/);
    // one image with its own text alternative, without vega's English names of its parts
    expect(svg).toMatch(/^<svg\b(?=[^>]*\brole="img")(?=[^>]*\baria-labelledby="chart-title chart-desc")(?=[^>]*\sxml:lang="de")[^>]*><title id="chart-title">Abbruchquote nach Austrittsmonat<\/title><desc id="chart-desc">Liniendiagramm der monatlichen Abbruchquote/);
    expect(svg).not.toMatch(/Title text|Subtitle text|aria-roledescription|role="graphics-/);
    // the key drawn under the title and the selection are part of it, the file leaves the page behind
    expect(/<desc id="chart-desc">([^<]*)<\/desc>/.exec(svg)![1]).toMatch(/Nenner\)\. Abbrüche ÷ alle Austritte; .*hohle Punkte: vorläufig.* · Datenstand \d\d\.\d\d\.\d{4} · intern, nicht zur Veröffentlichung$/);
    await page.keyboard.press('Escape');
    expect(await page.$eval(menu, (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect((await focused(page)).what).toContain('Diagramm exportieren');
    await page.keyboard.press('Tab');
    expect((await focused(page)).what).toContain('Daten als CSV (Excel)');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.isVisible('#values-abbruchquote-monatlich table')).toBe(true);
  });

  it('hides a tooltip with Escape, without moving the mouse; its titles have 4.5:1', async () => {
    const page = await pages.open('controlling-gesamt.html');
    await page.hover('#chart-zugang-bis-austritt svg .mark-rect path');
    await page.waitForSelector('#vg-tooltip-element.visible');
    const colours = await page.$eval('#vg-tooltip-element td.key', (td) => [getComputedStyle(td).color, getComputedStyle(td.closest('#vg-tooltip-element')!).backgroundColor]);
    const luminance = (c: string) =>
      c.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const [text, background] = colours.map(luminance) as [number, number];
    expect((Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05), colours.join(' on ')).toBeGreaterThanOrEqual(4.5);
    await page.keyboard.press('Escape');
    expect(await page.$eval('#vg-tooltip-element', (t) => t.classList.contains('visible'))).toBe(false);
  });

  it('shows a tooltip inside the window at 320 px, wherever the pointer is (WCAG 1.4.10)', async () => {
    const page = await pages.open('controlling-gesamt.html', { width: 320, height: 640 });
    const bar = page.locator('#chart-zugang-bis-austritt svg .mark-rect path').first();
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.boundingBox())!;
    const outside: string[] = [];
    // the bar's visible part, from the left to the window's right edge
    for (const x of [box.x + 4, 120, 160, 200, 240, 300].filter((x) => x >= box.x && x <= Math.min(box.x + box.width, 316))) {
      await page.mouse.move(x, box.y + box.height / 2, { steps: 2 });
      await page.waitForSelector('#vg-tooltip-element.visible');
      const tip = (await page.$eval('#vg-tooltip-element', (t) => t.getBoundingClientRect().toJSON())) as DOMRect;
      if (tip.left < 0 || tip.right > 320 || tip.top < 0 || tip.bottom > 640) outside.push(`pointer at ${x}: tooltip ${Math.round(tip.left)}–${Math.round(tip.right)} × ${Math.round(tip.top)}–${Math.round(tip.bottom)}`);
      await page.mouse.move(2, 2);
      await page.keyboard.press('Escape');
    }
    expect(outside).toEqual([]);
  });

  it('keeps a tooltip while the pointer moves onto it, and hides it when the pointer leaves it (WCAG 1.4.13 hoverable)', async () => {
    const page = await pages.open('controlling-gesamt.html');
    const visible = () => page.$eval('#vg-tooltip-element', (t) => t.classList.contains('visible'));
    await page.hover('#chart-zugang-bis-austritt svg .mark-rect path');
    await page.waitForSelector('#vg-tooltip-element.visible');
    const tip = (await page.$eval('#vg-tooltip-element', (t) => t.getBoundingClientRect().toJSON())) as DOMRect;
    // from the bar onto the tooltip (drawn 10 px right of and below the pointer): it vanished on the way
    await page.mouse.move(tip.x + tip.width / 2, tip.y + tip.height / 2, { steps: 10 });
    await page.waitForTimeout(600);
    expect(await visible()).toBe(true);
    await page.mouse.move(5, 5, { steps: 5 });
    await page.waitForTimeout(600);
    expect(await visible()).toBe(false);
  });
});
