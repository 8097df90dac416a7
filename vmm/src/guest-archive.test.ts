import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkListing } from './guest-archive.js';
import { GuestError } from './guest-error.js';
import { checkGuestName, isGuestName } from './guest-name.js';

const OK = [
  '-rw------- 0/0             171 2026-11-26 02:55 guest.json',
  'drwxr-xr-x 0/0               0 2026-11-26 02:55 root/',
  'lrwxrwxrwx 0/0               0 2026-11-26 02:55 root/home/user/link -> a.txt',
  'hrw-r--r-- 0/0               0 2026-11-26 02:55 root/home/user/b link to root/home/user/a',
  '-rw-r--r-- 0/0               5 2026-11-26 02:55 root/home/user/with space.txt',
].join('\n');

test('an export listing of a guest passes', () => {
  checkListing(OK, 'f.tgz');
});

test('listings with special files, escapes or foreign entries are refused', () => {
  const bad = (line: string, why: RegExp): void =>
    assert.throws(
      () => checkListing(`${OK}\n${line}`, 'f.tgz'),
      (e: unknown) => e instanceof GuestError && why.test(e.message),
    );
  bad('crw-r--r-- 0/0             1,3 2026-11-26 02:55 root/dev/null', /device/);
  bad('prw-r--r-- 0/0               0 2026-11-26 02:55 root/fifo', /device, fifo/);
  bad('-rw-r--r-- 0/0               5 2026-11-26 02:55 root/../../etc/passwd', /leaves/);
  bad('-rw-r--r-- 0/0               5 2026-11-26 02:55 /etc/passwd', /leaves/);
  bad('-rw-r--r-- 0/0               5 2026-11-26 02:55 other.txt', /unexpected entry/);
  assert.throws(() => checkListing(OK.split('\n').slice(1).join('\n'), 'f'), /no guest.json/);
});

test('guest names are one safe word', () => {
  for (const ok of ['penguin', 'a', 'dev-2', 'x_y']) assert.equal(isGuestName(ok), true, ok);
  for (const bad of ['', 'Penguin', 'a:b', 'a/b', '..', '-x', 'a'.repeat(33), 'a b'])
    assert.throws(() => checkGuestName(bad), GuestError, bad);
});
