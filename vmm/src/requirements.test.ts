import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GuestError, GuestErrorCode } from './guest-error.js';
import { findProgram, requireProgram } from './requirements.js';

test('a missing program names the Debian package to install', () => {
  assert.ok(findProgram('sh'));
  assert.throws(
    () => requireProgram('tartine-no-such-program', 'bubblewrap', 'to build the sandbox'),
    (e: unknown) =>
      e instanceof GuestError &&
      e.code === GuestErrorCode.missingPackage &&
      /not installed; it is needed to build the sandbox\. Install it with: sudo apt-get install bubblewrap/.test(
        e.message,
      ),
  );
});
