/** A stream that keeps what is written; `isTTY` as a terminal or a pipe (what consoleEffects draws depends on it). */
import { Writable } from 'node:stream';

export function sink(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; text(): string };
  stream.isTTY = isTTY;
  stream.columns = 160;
  stream.text = () => chunks.join('');
  return stream;
}
