/**
 * The portfolio page answers "how did a provider of this instrument develop over the years,
 * and is it worse than its participant mix predicts?": a table of providers × exit years with
 * observed ÷ expected dropouts, the 95 % interval and the exits behind it, coloured only where
 * the interval lies wholly above or below 1 (no ranking on raw rates). The page had no
 * provider view at all; the funnel plot of the controlling pages shows one year at a time.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { providerYears } from '../../dashboards/charts/portfolio-providers.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '45_MAT' }, labels: { instruments: { '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {}, threshold: 5, providers: { '001118': '001118 Bildungswerk Süd' } } };
const row = (prv: string, ins: string, yr: string, observed: number, expected: number, lo: number, hi: number, extra: Record<string, unknown> = {}) =>
  ({ jc: '*', prv, ins, yr, exits: observed * 4, observed, expected, oe: observed / expected, lo, hi, s: 0, p: 0, ...extra });
const FUNNEL = [
  row('001118', '45_MAT', '2024', 80, 70, 0.9, 1.42),
  row('001118', '45_MAT', '2025', 93, 73.6, 1.02, 1.55),
  row('001118', '45_MAT', '2026', 90, 80, 0.9, 1.38, { p: 1 }),
  // an upper bound just short of 1: '< 1', not '1,00' beside 'unter 1'
  row('001209', '45_MAT', '2025', 39, 50.1, 0.55, 0.998),
  row('001196', '45_MAT', '2025', 0, 0, 0, 0, { exits: null, observed: null, expected: null, oe: null, lo: null, hi: null, s: 1 }),
  row('001118', '45_MAT', '2023', 40, 20, 1.4, 2.7),
  row('001118', '*', '2025', 342, 324, 0.95, 1.17),
];
const BEGIN = [{ key: '*|001118|45_MAT', fy: 2024, cf: '01.06.2023' }];

async function cells() {
  const view = await drawSpec(providerYears(CTX).spec, { funnel: FUNNEL, begin: BEGIN });
  const rects = markItems(view, 'rect').filter((i) => i.datum!['prv'] !== undefined);
  const texts = markItems(view, 'text').filter((i) => i.datum!['prv'] !== undefined);
  const key = (i: { datum?: Record<string, unknown> }) => `${String(i.datum!['prv'])}/${String(i.datum!['yr'])}`;
  return {
    rects: Object.fromEntries(rects.map((i) => [key(i), i])),
    texts: texts.reduce<Record<string, string[]>>((all, i) => ({ ...all, [key(i)]: [...(all[key(i)] ?? []), String(i.text)] }), {}),
  };
}

describe('providers over the years (portfolio)', () => {
  it('shows each provider of the selected instrument per exit year with ratio, interval and exits', async () => {
    const { rects, texts } = await cells();
    expect(Object.keys(rects).sort()).toEqual(['001118/2023', '001118/2024', '001118/2025', '001118/2026', '001196/2025', '001209/2025']);
    expect(texts['001118/2025']).toEqual(['1,26 ▲', 'KI 1,02–1,55 · n = 372']);
    expect(texts['001118/2026']).toEqual(['1,13', 'KI 0,90–1,38 · n = 360 vorl.']);
    expect(texts['001196/2025']).toEqual(['•', '']);
    expect(texts['001209/2025']).toEqual(['0,78 ▼', 'KI 0,55 bis < 1 · n = 156']);
    // by number and name where the provider list names it, by number where not
    expect(rects['001209/2025']?.tooltip?.['Träger']).toBe('001209');
    expect(rects['001209/2025']?.tooltip?.['95-%-Konfidenzintervall']).toBe('0,55 bis knapp unter 1');
    expect(rects['001118/2025']?.tooltip).toMatchObject({ Träger: '001118 Bildungswerk Süd', Instrument: '45_MAT – Maßnahme bei einem Träger', 'Beobachtete Abbrüche': '93', 'Erwartete Abbrüche': '73,6', Bewertung: 'mehr Abbrüche als erwartet (95-%-Intervall über 1)' });
  });

  it('colours a cell only when its interval lies wholly above or below 1', async () => {
    const { rects } = await cells();
    const above = rects['001118/2025']!.fill;
    const below = rects['001209/2025']!.fill;
    const within = rects['001118/2024']!.fill;
    expect(new Set([above, below, within]).size).toBe(3);
    expect(rects['001118/2026']!.fill).toBe(within);
    expect(rects['001118/2025']?.tooltip?.['Bewertung']).not.toBe(rects['001118/2024']?.tooltip?.['Bewertung']);
    expect(rects['001209/2025']?.tooltip?.['Bewertung']).toBe('weniger Abbrüche als erwartet (95-%-Intervall unter 1)');
  });

  it('says above and below with ▲ and ▼ as well as in colour (WCAG 1.4.1), in the cell and in the key', async () => {
    const { texts } = await cells();
    expect([texts['001118/2025']![0], texts['001209/2025']![0], texts['001118/2024']![0]]).toEqual(['1,26 ▲', '0,78 ▼', '1,14']);
    const view = await drawSpec(providerYears(CTX).spec, { funnel: FUNNEL, begin: BEGIN });
    const key = markItems(view, 'text').filter((i) => i.datum && 'label' in i.datum && String(i.text).includes('Intervall')).map((i) => String(i.text));
    expect(key).toEqual(['▲ mehr Abbrüche als erwartet (95-%-Intervall über 1)', 'im Rahmen (95-%-Intervall schließt 1 ein)', '▼ weniger Abbrüche als erwartet (95-%-Intervall unter 1)']);
  });

  it('tells an exit year before the data are complete by a word in the cell, its grey text with 4.5:1 on the cell (WCAG 1.4.1, 1.4.3)', async () => {
    const { rects, texts } = await cells();
    // #757575 on the neutral cell had 4.13:1, and only the grey told the year apart
    expect(texts['001118/2023']![0]).toBe('2,00 unvollst.');
    expect(texts['001118/2024']![0]).toBe('1,14');
    const view = await drawSpec(providerYears(CTX).spec, { funnel: FUNNEL, begin: BEGIN });
    const ground = rects['001118/2023']!.fill!;
    const luminance = (hex: string) =>
      [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const ratio = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
    const early = markItems(view, 'text').filter((t) => t.datum?.['prv'] === '001118' && t.datum['yr'] === '2023' && t.text);
    expect(early).toHaveLength(2);
    expect(early.map((t) => `${String(t.text)}: ${t.fill} on ${ground} ${ratio(t.fill!, ground).toFixed(2)}:1`).filter((_, i) => ratio(early[i]!.fill!, ground) < 4.5)).toEqual([]);
  });

  it('marks an exit year before the data are complete instead of colouring it', async () => {
    const { rects } = await cells();
    expect(rects['001118/2023']?.tooltip?.['Datenlage']).toMatch(/^unvollständig: Daten ab 01.06.2023/);
    expect(rects['001118/2023']?.tooltip?.['Bewertung']).toBe('nicht bewertet: Austrittsjahr vor vollständiger Datenlage');
    expect(rects['001118/2023']!.fill).toBe(rects['001118/2024']!.fill);
  });
});
