// Preloaded into a CLI process (node --import): writes "ready" to fd 3 the moment a SIGINT
// listener first exists, so a test can send Ctrl-C at a known point of the start.
import { writeSync } from 'node:fs';

const poll = setInterval(() => {
  if (process.listenerCount('SIGINT') === 0) return;
  clearInterval(poll);
  writeSync(3, 'ready\n');
}, 1);
poll.unref();
