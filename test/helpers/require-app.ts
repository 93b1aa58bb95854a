/**
 * Tests that need a system application (Chromium, LibreOffice) run when it is installed.
 * Without it they skip with a visible message naming the package to install — except in
 * CI (CI=true), where a missing application is a failure, never a silent skip.
 */
import { execFileSync } from 'node:child_process';

export function hasBinary(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${JSON.stringify(binary).slice(1, -1)}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when the tests may run; throws in CI when the application is missing. */
export function requireApp(binary: string, aptPackage: string): boolean {
  if (hasBinary(binary)) return true;
  const message = `'${binary}' is not installed: install it with \`apt-get install ${aptPackage}\` to run these tests.`;
  if (process.env['CI']) throw new Error(`${message} (CI requires it)`);
  process.stderr.write(`\n[SKIPPED] ${message}\n`);
  return false;
}
