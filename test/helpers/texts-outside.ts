import type { Page } from 'playwright-core';

/** Texts of a dashboard chart that reach beyond its SVG: cut off for the reader. */
export function textsOutside(page: Page): Promise<string[]> {
  return page.$$eval('div.vis svg', (svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '' && t.getBoundingClientRect().right > box.right + 1)
        .map((t) => `${svg.closest('div.vis')?.id}: ${t.textContent}`);
    }),
  );
}
