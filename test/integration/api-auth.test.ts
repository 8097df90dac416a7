// The control API's gate: session token (header, cookie, desktop URL), Host and Origin
// checks, and the answers for unknown routes and methods.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';

describe('control API access', () => {
  let exo: ExoProcess;
  before(async () => {
    exo = await startExoProcess();
  });
  after(() => exo?.stop());

  test('the READY line gives a token, the API base and a desktop URL on 127.0.0.1', () => {
    assert.match(exo.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes in base64url');
    assert.match(exo.api, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    assert.equal(exo.url, `${exo.api.replace(/\/api$/, '')}/?token=${exo.token}`);
  });

  test('no token: 401 with a JSON error that says what to send', async () => {
    const r = await exo.request('GET', '/api/health', undefined, { token: null });
    assert.equal(r.status, 401);
    assert.match(r.headers['content-type'] ?? '', /application\/json/);
    assert.match(r.json.error, /Authorization: Bearer/);
    assert.match(r.headers['www-authenticate'] ?? '', /Bearer/);
  });

  test('a malformed Authorization header is a 401 too', async () => {
    const r = await exo.request('GET', '/api/health', undefined, {
      headers: { Authorization: `Basic ${exo.token}` },
    });
    assert.equal(r.status, 401);
    assert.match(r.json.error, /Bearer <token>/);
  });

  test('a wrong token: 403', async () => {
    const r = await exo.request('GET', '/api/health', undefined, { token: 'not-the-token' });
    assert.equal(r.status, 403);
    assert.match(r.json.error, /wrong session token/);
  });

  test('the right token: 200', async () => {
    const r = await exo.request('GET', '/api/health');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { ok: true });
  });

  test('the tartine_token cookie is accepted in place of the header', async () => {
    const r = await exo.request('GET', '/api/health', undefined, {
      token: null,
      headers: { Cookie: `other=1; tartine_token=${exo.token}` },
    });
    assert.equal(r.status, 200);
    const wrong = await exo.request('GET', '/api/health', undefined, {
      token: null,
      headers: { Cookie: 'tartine_token=nope' },
    });
    assert.equal(wrong.status, 403);
  });

  test('the desktop URL works in a browser: the query token sets the cookie and leaves the address bar', async () => {
    const r = await exo.request('GET', `/?token=${exo.token}`, undefined, { token: null });
    assert.equal(r.status, 303);
    assert.equal(r.headers['location'], '/');
    const withSetting = await exo.request('GET', `/?renderer=2d&token=${exo.token}`, undefined, {
      token: null,
    });
    assert.equal(
      withSetting.headers['location'],
      '/?renderer=2d',
      'page settings survive, the token does not',
    );
    assert.match(String(r.headers['set-cookie']), new RegExp(`tartine_token=${exo.token};.*HttpOnly`));
    const page = await exo.request('GET', '/', undefined, {
      token: null,
      headers: { Cookie: `tartine_token=${exo.token}` },
    });
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.match(page.body.toString(), /not built yet/, 'a headless exo has no desktop page');
    // The query token opens the page only, never the API.
    const api = await exo.request('GET', `/api/health?token=${exo.token}`, undefined, { token: null });
    assert.equal(api.status, 401);
    const bare = await exo.request('GET', '/', undefined, { token: null });
    assert.equal(bare.status, 401);
  });

  test('a Host header that is not the listening address is refused (DNS rebinding)', async () => {
    const port = new URL(exo.api).port;
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1:1']) {
      const r = await exo.request('GET', '/api/health', undefined, { headers: { Host: host } });
      assert.equal(r.status, 403, host);
      assert.match(r.json.error, /not this server's address/);
    }
    const local = await exo.request('GET', '/api/health', undefined, {
      headers: { Host: `localhost:${port}` },
    });
    assert.equal(local.status, 200, 'localhost names the same loopback server');
  });

  test('a request from another web origin is refused, even with the token', async () => {
    const r = await exo.request('GET', '/api/health', undefined, {
      headers: { Origin: 'http://evil.example' },
    });
    assert.equal(r.status, 403);
    assert.match(r.json.error, /origin/);
    const same = await exo.request('GET', '/api/health', undefined, {
      headers: { Origin: `http://${exo.host}` },
    });
    assert.equal(same.status, 200);
  });

  test('an unknown route: 404 listing the routes', async () => {
    const r = await exo.request('GET', '/api/nothing-here');
    assert.equal(r.status, 404);
    assert.match(r.json.error, /no route for GET \/api\/nothing-here/);
    for (const route of [
      'GET /api/windows',
      'GET /api/screenshot.png',
      'POST /api/input',
      'POST /api/windows/<id>',
    ])
      assert.ok(r.json.routes.includes(route), `${route} in ${JSON.stringify(r.json.routes)}`);
  });

  test('an unknown route still needs the token first', async () => {
    const r = await exo.request('GET', '/api/nothing-here', undefined, { token: null });
    assert.equal(r.status, 401);
  });

  test('a known path with the wrong method: 405 naming the allowed one', async () => {
    const r = await exo.request('DELETE', '/api/input');
    assert.equal(r.status, 405);
    assert.equal(r.headers['allow'], 'POST');
    assert.match(r.json.error, /use POST/);
  });
});
