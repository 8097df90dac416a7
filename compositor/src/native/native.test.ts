import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import koffi from 'koffi';
import { openFdCount, waitFor } from '../testing/fd-count.js';
import { FdWatcher } from './fd-watcher.js';
import { c, closeFd, F_SEAL_SHRINK } from './libc.js';
import { nativeBuffer } from './native-memory.js';
import {
  createMemfd,
  ensureShrinkSeal,
  fileSize,
  getSeals,
  mapShared,
  pipe,
  preadFd,
  readFd,
  writeFd,
} from './shared-memory.js';
import {
  acceptUnix,
  connectUnix,
  listenUnix,
  peerCredentials,
  recvMsg,
  requestSocketBuffers,
  sendMsg,
  socketPair,
} from './unix-socket.js';

describe('native layer', () => {
  it("widens a socket pair's buffers (the kernel doubles what it grants)", () => {
    const [a, b] = socketPair();
    const size = (fd: number, name: number): number => {
      const out = Buffer.alloc(4);
      c.getsockopt(fd, 1, name, out, [4]);
      return out.readInt32LE(0);
    };
    const before = size(a, 7);
    requestSocketBuffers(a, 1 << 20);
    assert.ok(size(a, 7) > before, `SO_SNDBUF grew from ${before} to ${size(a, 7)}`);
    closeFd(a);
    closeFd(b);
  });

  it('koffi.node.poll calls back with (status, events) — pinned semantics', async () => {
    const [r, w] = pipe();
    const calls: unknown[][] = [];
    const h = koffi.node.poll(r, { readable: true }, ((...args: unknown[]) => {
      calls.push(args);
      h.close();
    }) as never);
    writeFd(w, Buffer.from('x'));
    await waitFor(() => calls.length > 0, 'poll callback');
    assert.equal(calls[0]![0], 0);
    assert.deepEqual(calls[0]![1], { readable: true, writable: false, disconnect: false });
    closeFd(r);
    closeFd(w);
  });

  it('passes several fds with SCM_RIGHTS, CLOEXEC on arrival', () => {
    const before = openFdCount();
    const [a, b] = socketPair();
    const pipes = [pipe(), pipe(), pipe()];
    const data = nativeBuffer(64);
    data.write('hello', 0);
    assert.equal(
      sendMsg(
        a,
        data,
        0,
        5,
        pipes.map((p) => p[1]),
      ),
      5,
    );
    const inBuf = Buffer.alloc(64); // not native: exercises the copying path
    const fds: number[] = [];
    assert.equal(recvMsg(b, inBuf, 0, 64, fds), 5);
    assert.equal(inBuf.toString('utf8', 0, 5), 'hello');
    assert.equal(fds.length, 3);
    for (const fd of fds) assert.equal((c.fcntl(fd, 1, 0) as number) & 1, 1, 'FD_CLOEXEC set');
    // The received fd is the pipe's write end: write through it, read from ours.
    writeFd(fds[1]!, Buffer.from('via fd'));
    const got = Buffer.alloc(16);
    assert.equal(readFd(pipes[1]![0], got), 6);
    assert.equal(got.toString('utf8', 0, 6), 'via fd');
    for (const fd of [...fds, a, b, ...pipes.flat()]) closeFd(fd);
    assert.equal(openFdCount(), before);
  });

  it('reports EAGAIN as -1 both ways, and end of stream as 0', () => {
    const [a, b] = socketPair();
    const buf = nativeBuffer(65536);
    assert.equal(recvMsg(b, buf, 0, 16, []), -1);
    let sent = 0;
    for (let i = 0; i < 10000; i++) {
      const n = sendMsg(a, buf, 0, buf.length, []);
      if (n < 0) break;
      sent += n;
    }
    assert.ok(sent > 0);
    assert.equal(sendMsg(a, buf, 0, buf.length, []), -1);
    closeFd(a);
    let total = 0;
    for (;;) {
      const n = recvMsg(b, buf, 0, buf.length, []);
      if (n <= 0) {
        assert.equal(n, 0);
        break;
      }
      total += n;
    }
    assert.equal(total, sent);
    closeFd(b);
  });

  it('listens, accepts and connects on a path, with peer credentials', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-native-'));
    const sock = path.join(dir, 'wayland-test');
    const l = listenUnix(sock);
    assert.equal(acceptUnix(l), -1);
    const client = connectUnix(sock);
    let server = -1;
    const watcher = new FdWatcher(l, () => {
      server = acceptUnix(l);
    });
    await waitFor(() => server >= 0, 'accept');
    watcher.close();
    assert.equal(peerCredentials(server).pid, process.pid);
    for (const fd of [client, server, l]) closeFd(fd);
    fs.rmSync(dir, { recursive: true });
  });

  it('memfds: sealed ones map safely, pread never faults on a short file', () => {
    const fd = createMemfd('test', 4096, true);
    assert.equal(fileSize(fd), 4096);
    assert.ok((getSeals(fd) & F_SEAL_SHRINK) !== 0);
    assert.notEqual(c.ftruncate(fd, 100), 0, 'shrinking a sealed memfd fails');
    const map = mapShared(fd, 4096, true);
    map.write('shared', 100);
    const out = Buffer.alloc(16);
    assert.equal(preadFd(fd, out, 6, 100), 6);
    assert.equal(out.toString('utf8', 0, 6), 'shared');
    closeFd(fd);

    const open = createMemfd('unsealed', 1000, false);
    assert.equal(getSeals(open) & F_SEAL_SHRINK, 0);
    assert.equal(ensureShrinkSeal(open), true);
    assert.notEqual(c.ftruncate(open, 10), 0);
    closeFd(open);

    const [r, w] = pipe();
    assert.equal(ensureShrinkSeal(r), false, 'a pipe cannot be sealed');
    const short = createMemfd('short', 10, false);
    assert.equal(preadFd(short, Buffer.alloc(100), 100, 0), 10);
    for (const x of [r, w, short]) closeFd(x);
  });

  it('FdWatcher toggles writability and stops after close', async () => {
    const [a, b] = socketPair();
    let writable = 0;
    const w = new FdWatcher(a, (ev) => {
      if (ev.writable) {
        writable++;
        w.setWritable(false);
      }
    });
    w.setWritable(true);
    await waitFor(() => writable === 1, 'writable callback');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(writable, 1, 'no more writable callbacks once not asked');
    w.close();
    closeFd(a);
    closeFd(b);
  });
});
