import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { closeFd } from './libc.js';
import { pipe, readFd, writeFd } from './shared-memory.js';
import { setPipeSize, spliceFd } from './splice.js';

describe('splice', () => {
  it('moves bytes between a pipe and a file at given offsets, and reports would-block and EOF', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'splice-'));
    const file = fs.openSync(path.join(dir, 'f'), 'w+');
    const [r, w] = pipe(true);
    try {
      assert.equal(spliceFd(r, file, 100), -1); // empty pipe, writer still there
      assert.equal(writeFd(w, Buffer.from('hello world')), 11);
      assert.equal(spliceFd(r, file, 100, { toOffset: 5 }), 11);
      assert.equal(fs.readFileSync(path.join(dir, 'f')).subarray(5).toString(), 'hello world');
      // From the file at an offset back into the pipe.
      assert.equal(spliceFd(file, w, 5, { fromOffset: 11 }), 5);
      const out = Buffer.alloc(16);
      assert.equal(out.toString('utf8', 0, readFd(r, out)), 'world');
      closeFd(w);
      assert.equal(spliceFd(r, file, 100), 0); // end of input
    } finally {
      closeFd(r);
      fs.closeSync(file);
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('grows a pipe buffer, and reports -1 for what is not a pipe', () => {
    const [r, w] = pipe(false);
    try {
      assert.ok(setPipeSize(w, 256 * 1024) >= 256 * 1024);
      const file = fs.openSync(os.devNull, 'r');
      assert.equal(setPipeSize(file, 1 << 20), -1);
      fs.closeSync(file);
    } finally {
      closeFd(r);
      closeFd(w);
    }
  });
});
