/**
 * LibreOffice headless round trip: opens each workbook, recalculates every formula (forced by
 * the profile setting OOXMLRecalcMode = always; by default LibreOffice trusts cached results)
 * and saves it as xlsx again. A unique profile per call keeps parallel runs apart.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';

// Profiles and converted copies live until the importing test file is done, then go.
const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Returns the paths of the recalculated copies (same file names, in a new folder). */
export function recalcWithLibreOffice(files: readonly string[]): string[] {
  const work = mkdtempSync(join(tmpdir(), 'almp-lo-'));
  workDirs.push(work);
  const profile = join(work, 'profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  const outDir = join(work, 'out');
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', outDir, ...files],
    { stdio: 'pipe', timeout: 180_000 },
  );
  return files.map((f) => join(outDir, basename(f)));
}
