/**
 * The whole project type-checks under tsconfig.json (strict). A test rather than a step
 * before `vitest run`: the check then runs beside the other files instead of 12 s (18 CPU-s,
 * one and a half cores) before the first of them. The suite keeps both cores busy, so what
 * it saves is the half core the compiler left idle, not its CPU.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

it('the project type-checks (tsc --noEmit)', async () => {
  const result = await promisify(execFile)(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', ROOT], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
    () => ({ code: 0, errors: '' }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, errors: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  // the compiler's own messages, file:line first, are the failure's text
  expect(result.errors).toBe('');
  expect(result.code).toBe(0);
});
