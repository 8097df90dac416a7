import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import { connectUnix, recvMsg, sendMsg } from '../../../compositor/src/native/unix-socket.js';
import type { Exo } from '../exo.js';
import { WlcsDriver, type WlcsReply } from './wlcs-driver.js';

/** Longest command line accepted; commands are a few words. */
const MAX_LINE = 4096;

/**
 * The control connection of the wlcs integration module (test/wlcs/exo_wlcs.c), which runs
 * exo once per test. Exo connects to the module's socket, says `ready`, then answers each
 * command line with `ok [...]` or `error <message>` once the command's events have been
 * flushed to the clients, so that wlcs can check them right after a roundtrip. The module
 * closing the connection is the end of the test: `onClosed` shuts exo down.
 */
export class WlcsControl {
  private readonly fd: number;
  private readonly watcher: FdWatcher | null;
  private readonly driver: WlcsDriver;
  private input = Buffer.alloc(0);
  private busy = false;
  private closed = false;

  constructor(
    private readonly exo: Exo,
    path: string,
    private readonly onClosed: () => void,
  ) {
    this.driver = new WlcsDriver(exo);
    try {
      this.fd = connectUnix(path);
    } catch (e) {
      // The module is gone (wlcs ended or crashed before this test started): nothing to serve.
      process.stderr.write(`tartine exo: wlcs control socket: ${(e as Error).message}\n`);
      this.fd = -1;
      this.watcher = null;
      this.closed = true;
      onClosed();
      return;
    }
    this.watcher = new FdWatcher(this.fd, (ev) => {
      if (ev.readable) this.read();
      else if (ev.disconnect) this.close();
    });
    this.send('ready', []);
  }

  private read(): void {
    const buf = Buffer.alloc(MAX_LINE);
    const fds: number[] = [];
    let n: number;
    try {
      n = recvMsg(this.fd, buf, 0, buf.length, fds);
    } catch {
      n = 0;
    }
    for (const f of fds) closeFd(f); // the module never sends fds
    if (n === 0) return this.close();
    if (n < 0) return;
    this.input = Buffer.concat([this.input, buf.subarray(0, n)]);
    if (this.input.indexOf(10) < 0 && this.input.length > MAX_LINE) return this.close();
    this.next();
  }

  /** Runs the next complete command line, unless one is still waiting for its flush. */
  private next(): void {
    if (this.busy || this.closed) return;
    const eol = this.input.indexOf(10);
    if (eol < 0) return;
    const line = this.input.subarray(0, eol).toString('utf8').trim();
    this.input = this.input.subarray(eol + 1);
    let reply: WlcsReply | Error;
    try {
      reply = this.driver.run(line.split(/\s+/));
    } catch (e) {
      reply = e instanceof Error ? e : new Error(String(e));
    }
    // Answer after this turn's microtasks (coalesced configures) and queued output are out.
    this.busy = true;
    setImmediate(() => {
      this.busy = false;
      const fds = reply instanceof Error ? [] : reply.fds;
      if (!this.closed) this.answer(line, reply);
      for (const f of fds) closeFd(f);
      this.next();
    });
  }

  private answer(line: string, reply: WlcsReply | Error): void {
    this.exo.flush();
    const answer =
      reply instanceof Error
        ? `error ${reply.message.replace(/\s+/g, ' ')}`
        : reply.text
          ? `ok ${reply.text}`
          : 'ok';
    if (debugEnabled('wlcs')) debugLog('wlcs', `${line} -> ${answer}`);
    this.send(answer, reply instanceof Error ? [] : reply.fds);
  }

  private send(line: string, fds: number[]): void {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    let off = 0;
    while (off < bytes.length) {
      let n: number;
      try {
        n = sendMsg(this.fd, bytes, off, bytes.length - off, off === 0 ? fds : []);
      } catch {
        n = -1; // the module hung up
      }
      // Answers are tiny and the module reads each one before sending more: a full socket
      // means it is gone or stuck.
      if (n < 0) return this.close();
      off += n;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.close();
    closeFd(this.fd);
    this.onClosed();
  }
}
