// Large clipboard payloads both ways through exo (a separate process, measured from /proc),
// with exo's resident memory bounded during the transfer: its peak RSS stays within 32 MiB of
// its RSS before (OVERHEAD_BOUND), whatever the payload's size.
//  - host → guest: the payload is PUT (spooled to a file as it arrives, never whole in
//    memory); wl-paste then reads it as UTF-8 (spliced from that file) and as UTF-16
//    (converted a slice at a time).
//  - guest → host: wl-copy offers it and exo reads it eagerly, spliced from the pipe into a
//    spool file past 1 MiB; GET answers it from there.
//  - 200 MiB both ways (the "a 200 MB paste never sits whole in memory").
// And a reader that stalls does not hold up another paste of the same data.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { copy, guestClipboard, killAll, Proc, putClipboard } from './clipboard-fixture.js';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
/** Growth of exo's resident memory allowed during a transfer (what it keeps is in a spool file). */
const OVERHEAD_BOUND = 32 * MiB;

/** 64 MiB of varied UTF-8 text (ASCII with some two- and three-byte characters). */
function payload(): Buffer {
  const line = Buffer.from('The quick brown fox — café 日本 — jumps over the lazy dog 0123456789\n');
  const out = Buffer.alloc(SIZE);
  for (let off = 0; off < SIZE; off += line.length) line.copy(out, off, 0, Math.min(line.length, SIZE - off));
  // The last copy may cut a character: end on ASCII so the whole stays valid UTF-8.
  out.fill(0x2e, SIZE - 8);
  return out;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** Resident memory now, with the peak counter reset (clear_refs 5) so VmHWM is the peak from here. */
async function baseline(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 500)); // let exo finish what came before
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  return status(pid, 'VmRSS');
}

const mb = (b: number): string => `${(b / MiB).toFixed(1)} MiB`;

describe('clipboard: 64 and 200 MiB both ways with bounded memory', () => {
  const exos: ExoProcess[] = [];
  const data = payload();
  const digest = sha(data);

  after(async () => {
    await killAll();
    await Promise.all(exos.map((e) => e.stop()));
  });

  it('host → guest: PUT, then wl-paste as UTF-8 and as UTF-16', async (t) => {
    const exo = await startExoProcess();
    exos.push(exo);
    const beforePut = await baseline(exo.pid);
    const put = await putClipboard(exo, 'text/plain;charset=utf-8', data);
    assert.equal(put.status, 200, put.body.toString().slice(0, 300));
    const putGrowth = status(exo.pid, 'VmHWM') - beforePut;
    t.diagnostic(`PUT: exo RSS +${mb(putGrowth)}`);
    assert.ok(putGrowth < OVERHEAD_BOUND, `exo grew by ${mb(putGrowth)} taking the PUT`);
    const env = exo.clientEnv();

    const before = await baseline(exo.pid);
    const start = performance.now();
    const p = new Proc('wl-paste', ['--no-newline', '-t', 'text/plain;charset=utf-8'], env, null, false);
    assert.equal(await p.finish(30_000), 0, p.stderr);
    const seconds = (performance.now() - start) / 1000;
    const growth = status(exo.pid, 'VmHWM') - before;
    assert.equal(p.stdoutBytes, SIZE);
    assert.equal(p.sha256, digest);
    t.diagnostic(
      `UTF-8: ${(SIZE / MiB / seconds).toFixed(0)} MiB/s, exo RSS +${mb(growth)} (from ${mb(before)})`,
    );
    assert.ok(growth < OVERHEAD_BOUND, `exo grew by ${mb(growth)} during the paste`);

    const before16 = await baseline(exo.pid);
    const p16 = new Proc('wl-paste', ['--no-newline', '-t', 'text/plain;charset=utf-16'], env, null, false);
    assert.equal(await p16.finish(60_000), 0, p16.stderr);
    const growth16 = status(exo.pid, 'VmHWM') - before16;
    assert.equal(p16.sha256, sha(Buffer.from(data.toString('utf8'), 'utf16le')));
    t.diagnostic(`UTF-16 (${mb(p16.stdoutBytes)} converted while read): exo RSS +${mb(growth16)}`);
    assert.ok(growth16 < OVERHEAD_BOUND, `exo grew by ${mb(growth16)} during the UTF-16 paste`);

    // A reader that stops reading holds only its own pipe: another paste goes through meanwhile.
    const stalled = spawn('wl-paste', ['--no-newline', '-t', 'text/plain;charset=utf-8'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    stalled.stdout.pause();
    try {
      await new Promise((r) => setTimeout(r, 500)); // it asked, and its pipe filled up
      const p2 = new Proc('wl-paste', ['--no-newline', '-t', 'text/plain;charset=utf-8'], env, null, false);
      assert.equal(await p2.finish(30_000), 0, p2.stderr);
      assert.equal(p2.sha256, digest);
      assert.equal(stalled.exitCode, null, 'the stalled reader is still waiting');
    } finally {
      stalled.kill('SIGKILL');
    }
  });

  it('guest → host: wl-copy, exo reads it eagerly, GET returns it', async (t) => {
    const exo = await startExoProcess();
    exos.push(exo);
    const before = await baseline(exo.pid);
    const start = performance.now();
    copy(exo.clientEnv(), ['-t', 'text/plain;charset=utf-8'], data);
    const j = await waitForSize(exo);
    const seconds = (performance.now() - start) / 1000;
    const growth = status(exo.pid, 'VmHWM') - before;
    assert.deepEqual(j.mimeTypes, ['text/plain;charset=utf-8'], JSON.stringify(j.dropped));
    t.diagnostic(
      `wl-copy → exo: ${(SIZE / MiB / seconds).toFixed(0)} MiB/s (with wl-copy's start), exo RSS +${mb(growth)} for a ${mb(SIZE)} payload it keeps (in a spool file)`,
    );
    assert.ok(growth < OVERHEAD_BOUND, `exo grew by ${mb(growth)} reading ${mb(SIZE)}`);
    const body = (await exo.ok('GET', '/api/clipboard?mime=text/plain;charset=utf-8')).body;
    assert.equal(body.length, SIZE);
    assert.equal(sha(body), digest);
  });

  it('200 MiB: PUT and wl-paste, then wl-copy and GET, twice each, bounded', async (t) => {
    const exo = await startExoProcess();
    exos.push(exo);
    const env = exo.clientEnv();
    const big = Buffer.alloc(200 * MiB, 'a 200 MiB paste: never whole in memory\n');
    const before = await baseline(exo.pid);
    // Twice: the second replaces the first (its spool released, not the new one's).
    for (const first of [0x41, 0x42]) {
      big[0] = first;
      const put = await putClipboard(exo, 'text/plain;charset=utf-8', big);
      assert.equal(put.status, 200, put.body.toString().slice(0, 300));
      const p = new Proc('wl-paste', ['--no-newline', '-t', 'text/plain;charset=utf-8'], env, null, false);
      assert.equal(await p.finish(60_000), 0, p.stderr);
      assert.equal(p.stdoutBytes, big.length);
      assert.equal(p.sha256, sha(big));
    }
    for (const first of [0x43, 0x44]) {
      big[0] = first;
      await exo.ok('DELETE', '/api/clipboard');
      copy(env, ['-t', 'text/plain;charset=utf-8'], big);
      await guestClipboard(exo, '?text=0', (j) => j.sizes['text/plain;charset=utf-8'] === big.length);
    }
    const growth = status(exo.pid, 'VmHWM') - before;
    t.diagnostic(`200 MiB both ways, twice: exo RSS +${mb(growth)}`);
    assert.ok(growth < OVERHEAD_BOUND, `exo grew by ${mb(growth)} moving 200 MiB`);
    const body = (await exo.ok('GET', '/api/clipboard?mime=text/plain;charset=utf-8')).body;
    assert.equal(sha(body), sha(big));
  });
});

/** The guest's selection once read, without its text (the JSON would carry 64 MiB of it). */
async function waitForSize(exo: ExoProcess): Promise<{ mimeTypes: string[]; dropped?: unknown }> {
  return guestClipboard(exo, '?text=0');
}
