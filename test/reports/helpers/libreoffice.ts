/**
 * LibreOffice headless, with a fresh profile per call (optionally in a locale, as a German
 * user's installation formats cells): conversions, and the round trip that opens each
 * workbook, recalculates every formula (forced by
 * the profile setting OOXMLRecalcMode = always; by default LibreOffice trusts cached results)
 * and saves it as xlsx again. A unique profile per call keeps parallel runs apart.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { scratchDir } from '../../helpers/scratch.ts';

// Profiles and converted copies live until the first importing test file of a worker is
// done, then go; later files' go with the run's scratch folder (test/helpers/scratch.ts).
const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const registry = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${items}
</oor:items>
`;
const RECALC_ALWAYS = '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>';
/** The locale LibreOffice formats cells in ("system default" number formats, as a German user's installation). */
const localeItems = (locale: string) =>
  ['ooSetupSystemLocale', 'ooLocale'].map((p) => `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="${p}" oor:op="fuse"><value>${locale}</value></prop></item>`).join('\n');

/**
 * Converts the files with a fresh profile (optionally in `locale`, e.g. 'de-DE') and returns
 * the folder of the converted copies.
 */
export function convertWithLibreOffice(files: readonly string[], convertTo: string, options: { locale?: string } = {}): string {
  const work = scratchDir('almp-lo-');
  workDirs.push(work);
  const profile = join(work, 'profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), registry([RECALC_ALWAYS, ...(options.locale ? [localeItems(options.locale)] : [])].join('\n')));
  const outDir = join(work, 'out');
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', convertTo, '--outdir', outDir, ...files],
    { stdio: 'pipe', timeout: 180_000 },
  );
  return outDir;
}

/** Returns the paths of the recalculated copies (same file names, in a new folder). */
export function recalcWithLibreOffice(files: readonly string[]): string[] {
  const outDir = convertWithLibreOffice(files, 'xlsx');
  return files.map((f) => join(outDir, basename(f)));
}
