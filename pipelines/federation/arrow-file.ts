/**
 * An Arrow IPC file written a record batch at a time, each batch on its way to the disk
 * before the next is made. apache-arrow's own node stream (RecordBatchFileWriter.throughNode)
 * takes every batch at once and queues its bytes until the file stream asks for them: at
 * 9.2·10^6 rows (mart.indicator_values) the export outran the disk and ~1 GB of the file
 * waited in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AsyncByteQueue, RecordBatchFileWriter, type RecordBatch } from 'apache-arrow';

/** The writer's bytes kept for us to take, instead of for an async reader to pull. */
class TakenBytes extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value);
  }
  take(): Uint8Array[] {
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}

export function openArrowFile(path: string): { write(batch: RecordBatch): Promise<void>; close(): Promise<void> } {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => {}); // observed where it matters: in flush and close
  const bytes = new TakenBytes();
  const writer = new RecordBatchFileWriter().reset(bytes);
  const flush = async () => {
    for (const chunk of bytes.take()) out.write(chunk);
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed]);
  };
  return {
    async write(batch) {
      writer.write(batch);
      await flush();
    },
    async close() {
      writer.close(); // the footer
      await flush();
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    },
  };
}
