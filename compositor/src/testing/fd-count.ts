import * as fs from 'node:fs';

/** Number of open fds of this process: leak checks compare it before and after. */
export function openFdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Waits for `cond` on the event loop, failing with `what` after `ms` (no busy waiting). */
export async function waitFor(cond: () => boolean, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
