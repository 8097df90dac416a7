import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { closeFd } from './libc.js';
import { createMemfd, mapShared } from './shared-memory.js';
import { releasePages } from './release-pages.js';

const mapped = (name: string): boolean =>
  fs.readFileSync('/proc/self/maps', 'utf8').includes(`memfd:${name}`);

test('a released mapping gives its memfd back at once and reads as zeros', () => {
  const name = `release-pages-test-${process.pid}`;
  const fd = createMemfd(name, 1 << 20, true);
  const map = mapShared(fd, 1 << 20, true);
  closeFd(fd);
  map.fill(7);
  assert.equal(mapped(name), true);
  assert.equal(releasePages(map), true);
  assert.equal(mapped(name), false, 'the memfd is no longer mapped');
  assert.equal(map[0], 0);
  assert.equal(map[(1 << 20) - 1], 0);
  map[5] = 1; // still writable memory: a late writer cannot crash the process
  assert.equal(map[5], 1);
});

test('memory that is not a known mapping is left alone', () => {
  assert.equal(releasePages(Buffer.alloc(4096)), false);
});
