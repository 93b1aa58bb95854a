/**
 * Links between the pages of one output folder: a controller on the overall page found the
 * Jobcenters' own pages and the portfolio pages only by their file names in the folder.
 */
import { fileNamePart } from '../../pipelines/file-name.ts';
import { type CodeLabels, jobcenterLabel } from '../labels.ts';

export interface NavLink {
  readonly href: string;
  readonly label: string;
  /** A Jobcenter's own page: its id (the file name is made safe from it, so not the id itself). */
  readonly jobcenter?: string;
}

export interface PageNav {
  readonly pages: readonly NavLink[];
  /** The Jobcenters' own controlling pages (shown on the controlling pages). */
  readonly jobcenters: readonly NavLink[];
}

const PAGES: readonly NavLink[] = [
  { href: 'controlling-gesamt.html', label: 'Controlling: alle Jobcenter' },
  { href: 'land-ministerium.html', label: 'Land (Ministerium)' },
  { href: 'portfolioplanung.html', label: 'Portfolio: Instrumente' },
  { href: 'portfolioplanung-traeger.html', label: 'Portfolio: Träger' },
  { href: 'portfolioplanung-massnahmen.html', label: 'Portfolio: Maßnahmen' },
];

export function pageNav(jobcenters: readonly string[], labels: CodeLabels): PageNav {
  return {
    pages: PAGES,
    jobcenters: jobcenters.map((jc) => ({ href: `controlling-jobcenter-${fileNamePart(jc)}.html`, label: jobcenterLabel(labels, jc), jobcenter: jc })),
  };
}
