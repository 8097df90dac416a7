import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { ApiGuard, createToken } from './auth.js';
import { HttpError } from './http-json.js';

function request(headers: Record<string, string>, method = 'GET'): IncomingMessage {
  return { headers, method } as unknown as IncomingMessage;
}

function status(guard: ApiGuard, headers: Record<string, string>, path = '/api/health'): number {
  try {
    guard.check(request(headers), new URL(`http://exo${path}`));
    return 200;
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    throw e;
  }
}

test('tokens are 32 random bytes in base64url', () => {
  const a = createToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, createToken());
});

test('a loopback listener accepts its own address and localhost names only', () => {
  const token = createToken();
  const g = new ApiGuard(token, '127.0.0.1', 8080);
  const auth = { authorization: `Bearer ${token}` };
  assert.equal(status(g, { ...auth, host: '127.0.0.1:8080' }), 200);
  assert.equal(status(g, { ...auth, host: 'LOCALHOST:8080' }), 200);
  assert.equal(status(g, { ...auth, host: '[::1]:8080' }), 200);
  assert.equal(status(g, { ...auth, host: 'attacker.example:8080' }), 403);
  assert.equal(status(g, { ...auth, host: '127.0.0.1:8081' }), 403);
  assert.equal(status(g, { ...auth }), 400);
});

test('a wildcard listener accepts IP literals on its port, never domain names', () => {
  const token = createToken();
  const g = new ApiGuard(token, '0.0.0.0', 9000);
  const auth = { authorization: `Bearer ${token}` };
  assert.equal(status(g, { ...auth, host: '192.0.2.7:9000' }), 200);
  assert.equal(status(g, { ...auth, host: '[2001:db8::1]:9000' }), 200);
  assert.equal(status(g, { ...auth, host: 'rebind.example:9000' }), 403);
});

test('the query token opens only GET /', () => {
  const token = createToken();
  const g = new ApiGuard(token, '127.0.0.1', 1);
  const host = { host: '127.0.0.1:1' };
  assert.equal(status(g, host, `/?token=${token}`), 200);
  assert.equal(status(g, host, `/api/windows?token=${token}`), 401);
  assert.equal(status(g, host, `/?token=wrong`), 403);
});
