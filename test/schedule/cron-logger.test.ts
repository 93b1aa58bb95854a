/**
 * node-cron's own log lines go into almp.log; its overlap warning repeated the scheduler's
 * 'overlap' event, two warnings for one skipped fire.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { cronLogger } from '../../pipelines/schedule/scheduler.ts';

describe("node-cron's log lines", () => {
  it('keep its warnings, but its overlap line only at debug', () => {
    const lines: { level: number; msg: string }[] = [];
    const effects = { ...quietEffects(), log: pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
    const log = cronLogger(effects);
    log.warn('task still running, new execution blocked by overlap prevention!');
    log.warn('missed execution at Sat Dec 05 2026! Possible blocking IO or high CPU user at the same process used by node-cron.');
    expect(lines.map((l) => [l.level, l.msg.slice(0, 20)])).toEqual([
      [20, 'task still running, '],
      [40, 'missed execution at '],
    ]);
  });
});
