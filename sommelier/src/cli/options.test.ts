import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSommelierOptions } from './options.js';

const env = { XDG_RUNTIME_DIR: '/run/user/1', WAYLAND_DISPLAY: 'wayland-1' };

test('defaults: the host from WAYLAND_DISPLAY, wayland-0, scale 1, guest penguin', () => {
  const o = parseSommelierOptions([], env);
  assert.deepEqual(o.host, { kind: 'wayland', path: '/run/user/1/wayland-1' });
  assert.equal(o.socket, 'wayland-0');
  assert.equal(o.scale, 1);
  assert.equal(o.guestName, 'penguin');
  assert.deepEqual(o.command, []);
});

test('flags in both forms, and the command after --', () => {
  const o = parseSommelierOptions(
    [
      '--scale=1.5',
      '--dpi',
      '240,96',
      '--host',
      'wayland:/tmp/host',
      '--guest',
      'vm1',
      '--',
      'foot',
      '-a',
      'x',
    ],
    env,
  );
  assert.equal(o.scale, 1.5);
  assert.deepEqual(o.dpi, [96, 240]);
  assert.equal(o.host.path, '/tmp/host');
  assert.equal(o.guestName, 'vm1');
  assert.deepEqual(o.command, ['foot', '-a', 'x']);
});

test('SOMMELIER_* variables, and the flag wins', () => {
  const e = { ...env, SOMMELIER_SCALE: '2', SOMMELIER_GUEST_NAME: 'vm2', SOMMELIER_SOCKET: 'wayland-7' };
  const o = parseSommelierOptions([], e);
  assert.equal(o.scale, 2);
  assert.equal(o.guestName, 'vm2');
  assert.equal(o.socket, 'wayland-7');
  assert.equal(parseSommelierOptions(['--scale', '3'], e).scale, 3);
});

test('errors name the flag and what it expects', () => {
  assert.throws(
    () => parseSommelierOptions(['--scale', '0'], env),
    /--scale 0: expected a number from 0.1 to 10/,
  );
  assert.throws(() => parseSommelierOptions(['--bogus'], env), /unknown option --bogus/);
  assert.throws(() => parseSommelierOptions(['--scale'], env), /--scale needs a value/);
  assert.throws(() => parseSommelierOptions(['--'], env), /-- must be followed by the command/);
  assert.throws(() => parseSommelierOptions([], { XDG_RUNTIME_DIR: '/x' }), /WAYLAND_DISPLAY is not set/);
});

test('--help needs no host', () => {
  assert.equal(parseSommelierOptions(['--help'], {}).help, true);
});
