/**
 * Progress bars on a terminal (a model build, an ingest, the returns): the bar names the
 * step in work, a line written meanwhile first clears the bar's line so the two do not run
 * into each other, a name from an input file cannot drive the terminal, and without a
 * terminal (a pipe, a log, CI) or with --debug nothing is drawn at all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleEffects } from '../../pipelines/effects.ts';
import { sink } from '../helpers/terminal-sink.ts';

const ci = process.env['CI'];
afterEach(() => {
  if (ci === undefined) delete process.env['CI'];
  else process.env['CI'] = ci;
});

describe('progress bars', () => {
  it('name the step in work, give way to a line written meanwhile, and show a hostile name as text', async () => {
    delete process.env['CI']; // CI draws no bars: this checks what a person at a terminal sees
    const stdout = sink(false);
    const stderr = sink(true);
    const effects = consoleEffects({ stdout, stderr });
    const bar = effects.progress('Models', 3, { eta: false });
    bar.tick(0, 'mart.indicator_values');
    await sleep(250); // the bar redraws every 100 ms
    expect(stderr.text()).toMatch(/Models \[.*\] 0% \| 0\/3 \| 0s \| mart\.indicator_values/);

    const before = stderr.text().length;
    effects.warn('data quality warning: exits_without_report');
    expect(stderr.text().slice(before)).toBe('\r\x1b[2Kdata quality warning: exits_without_report\n');
    effects.out('a result line');
    expect(stdout.text()).toBe('a result line\n');

    bar.tick();
    bar.tick(0, 'bericht\x1b]0;owned\x07.csv');
    bar.stop();
    expect(stderr.text()).toMatch(/1\/3 \| \d+s \| bericht\\x1b\]0;owned\\x07\.csv/);
    expect(stderr.text()).not.toContain('\x1b]0;owned');

    // after the bar has stopped a line is written as it is
    const after = stderr.text().length;
    effects.warn('done');
    expect(stderr.text().slice(after)).toBe('done\n');
  });

  it('draws nothing without a terminal, with --debug, or in CI', () => {
    delete process.env['CI'];
    const piped = sink(false);
    const effects = consoleEffects({ stdout: sink(false), stderr: piped });
    const bar = effects.progress('Ingest', 2);
    bar.tick(0, 'teilnahmen.csv');
    effects.warn('a warning');
    bar.tick();
    bar.stop();
    expect(piped.text()).toBe('a warning\n');

    const debugging = sink(true);
    consoleEffects({ stdout: sink(false), stderr: debugging, debug: true }).progress('Models', 2).stop();
    expect(debugging.text()).toBe(''); // --debug logs to the terminal instead

    process.env['CI'] = 'true';
    const terminalInCi = sink(true);
    const inCi = consoleEffects({ stdout: sink(false), stderr: terminalInCi });
    inCi.progress('Ingest', 2).stop();
    expect(terminalInCi.text()).toBe('');
  });
});
