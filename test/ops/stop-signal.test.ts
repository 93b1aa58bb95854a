import { afterEach, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { stopOnSignals } from '../../pipelines/ops/stop-signal.ts';

const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
afterEach(() => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
});

describe('stop on signals', () => {
  it('stops gracefully on the first signal, ignores its echoes, stops hard on a later second one', () => {
    let clock = 0;
    const raised: string[] = [];
    const effects = quietEffects();
    const signal = stopOnSignals(effects, { now: () => clock, raise: (s) => raised.push(s) });
    expect(signal.aborted).toBe(false);
    process.emit('SIGINT', 'SIGINT');
    expect(signal.aborted).toBe(true);
    // the terminal's group delivery and the wrapper's relay of the same key press
    clock = 30;
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    expect(raised).toEqual([]);
    // the operator presses again
    clock = 2_500;
    process.emit('SIGINT', 'SIGINT');
    expect(raised).toEqual(['SIGINT']);
    expect(effects.warnings.join('\n')).toContain('SIGINT again: stopping now.');
  });
});
