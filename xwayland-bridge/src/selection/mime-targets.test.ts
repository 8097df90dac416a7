import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mimeForTarget, mimesForTargets, targetForMime, targetsForMimes } from './mime-targets.js';

test('X text targets become the text MIME types, other MIME-named targets keep their name', () => {
  const mimes = mimesForTargets([
    'TARGETS',
    'TIMESTAMP',
    'UTF8_STRING',
    'STRING',
    'image/png',
    'SAVE_TARGETS',
  ]);
  assert.ok(mimes.includes('text/plain;charset=utf-8'));
  assert.ok(mimes.includes('image/png'));
  assert.ok(!mimes.includes('SAVE_TARGETS'));
  assert.equal(targetForMime('text/plain;charset=utf-8', ['STRING', 'UTF8_STRING']), 'UTF8_STRING');
  assert.equal(targetForMime('text/plain', ['STRING']), 'STRING');
  assert.equal(targetForMime('text/uri-list', ['UTF8_STRING']), null);
});

test('Wayland MIME types become X targets and back', () => {
  const targets = targetsForMimes(['text/plain;charset=utf-8', 'text/uri-list', 'image/png']);
  assert.deepEqual(targets, [
    'UTF8_STRING',
    'TEXT',
    'STRING',
    'text/plain;charset=utf-8',
    'text/uri-list',
    'image/png',
  ]);
  assert.equal(
    mimeForTarget('UTF8_STRING', ['text/plain', 'text/plain;charset=utf-8']),
    'text/plain;charset=utf-8',
  );
  assert.equal(mimeForTarget('STRING', ['text/plain;charset=utf-8']), 'text/plain;charset=utf-8');
  assert.equal(mimeForTarget('image/png', ['image/png']), 'image/png');
  assert.equal(mimeForTarget('image/png', ['text/plain']), null);
});
