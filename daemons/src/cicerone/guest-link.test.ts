import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GuestError } from '../../../vmm/src/guest-error.js';
import { checkGuestUrl } from './guest-link.js';

test('a guest may open only http, https and mailto URLs on the desktop', () => {
  assert.equal(checkGuestUrl('https://example.invalid/'), 'https://example.invalid/');
  assert.equal(checkGuestUrl('HTTP://Example.invalid/a b'), 'http://example.invalid/a%20b');
  assert.equal(checkGuestUrl('mailto:a@b.invalid'), 'mailto:a@b.invalid');
  for (const bad of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,x',
    'not a url',
    `https://x/${'a'.repeat(9000)}`,
  ])
    assert.throws(() => checkGuestUrl(bad), GuestError, bad);
});
