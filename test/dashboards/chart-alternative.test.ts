/**
 * What a screen reader meets of a chart (WCAG 1.1.1, 3.1.2): its description once, as the
 * text alternative of one image. The description stood as a paragraph, again as the name of
 * a figure and once more in vega-embed's "visualization" around the drawing, which itself
 * read the title and subtitle in English wrapping ("Title text '…'", "group mark
 * container"); the subtitle drawn over it, with its key and method, is the image's
 * description (hidden with the drawing, it was not read at all). The image, the export menu,
 * the CSV button and the table follow the heading.
 * The page's parts are landmarks a screen reader can jump to, the notes found by a heading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM, pageKinds } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');
/** Words vega and vega-embed put into the accessibility tree, in English. */
const VEGA_ENGLISH = /Title text|Subtitle text|mark container|visualization/;

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  description?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
}

describe.skipIf(!run)('charts for a screen reader', () => {
  let pages: BrowserPages;
  /** Each page's accessibility tree as it opens (ariaSnapshot), taken by the first test. */
  const landmarks = new Map<string, string>();
  beforeAll(async () => {
    pages = await browserPages('almp-alternative-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('read each chart\'s description once, as one image, and no English of vega, also after a filter change', async () => {
    const found: string[] = [];
    let charts = 0;
    let subtitles = 0;
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file);
      // the page's landmarks (each opening of a page costs seconds: read here, not in a test of their own)
      landmarks.set(file, await page.locator('body').ariaSnapshot());
      const cdp = await page.context().newCDPSession(page);
      for (const state of ['initial', 'filtered']) {
        if (state === 'filtered') {
          await page.selectOption('select >> nth=0', { index: 1 });
          await page.waitForSelector('body[data-rendered="true"]');
        }
        // Chromium's accessibility tree, as a screen reader gets it (line boxes aside)
        const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
        const read = nodes.filter((n) => !n.ignored && n.role?.value !== 'InlineTextBox');
        for (const n of read) {
          const said = `${String(n.properties?.find((p) => p.name === 'roledescription')?.value.value ?? '')} ${n.name?.value ?? ''}`;
          if (VEGA_ENGLISH.test(said)) found.push(`${file} [${state}] ${n.role?.value}: ${said.slice(0, 60)}`);
          // a name pieced from visible and screen-reader-only text reads as one phrase ("Werte
          // als Tabelle : Titel" had a space from the hidden span's own box)
          if (/\s[:,.]/.test(n.name?.value ?? '')) found.push(`${file} [${state}] ${n.role?.value} named "${n.name?.value?.slice(0, 60)}"`);
        }
        for (const description of await page.$$eval('section.chart p.desc', (ps) => ps.map((p) => p.textContent!.trim()))) {
          const times = read.filter((n) => n.name?.value?.includes(description)).map((n) => n.role?.value);
          if (times.length !== 1 || times[0] !== 'image') found.push(`${file} [${state}] "${description.slice(0, 40)}…" read as ${times.join(', ')}`);
          charts++;
        }
        // the subtitle drawn over a chart (its key and method: "hohle Punkte: vorläufig", "der
        // Instrumentfilter gilt für dieses Diagramm nicht") is read once, as the image's description
        for (const subtitle of await page.$$eval('section.chart .vis + p[id^="s-"]', (ps) => ps.map((p) => p.textContent!.trim()))) {
          const images = read.filter((n) => n.role?.value === 'image' && n.description?.value === subtitle).length;
          const elsewhere = read.filter((n) => n.name?.value?.includes(subtitle)).length;
          if (images !== 1 || elsewhere !== 0) found.push(`${file} [${state}] subtitle "${subtitle.slice(0, 40)}…" described ${images} images, named ${elsewhere} nodes`);
          subtitles++;
        }
      }
    }
    expect(charts).toBeGreaterThan(40);
    expect(subtitles).toBeGreaterThan(40);
    expect([...new Set(found)]).toEqual([]);
  }, 180_000);

  it('find the filters as a region, not as navigation without links, and the notes by a heading', () => {
    expect([...landmarks.keys()]).toEqual(pageKinds(pages.files));
    for (const [file, tree] of landmarks) {
      const top = tree.split('\n').filter((line) => /^- \w/.test(line)).map((line) => line.replace(/:$/, ''));
      expect(top, file).toEqual(['- link "Zu Filtern und Diagrammen springen"', '- banner', '- region "Filter"', '- main', '- contentinfo']);
      // the links to the other pages as navigation inside the banner
      expect(tree, file).toMatch(/- banner:[\s\S]*- navigation "Seiten":\n\s+- list:/);
      expect(tree, file).toMatch(/- contentinfo:\n\s+- heading "Hinweise" \[level=2\]/);
    }
  });
});
