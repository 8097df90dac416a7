// Who may see and drive the desktop: only someone with the session token. Plain HTTP requests
// without it get 401 and with a wrong one 403; the desktop's WebSocket refuses upgrades from
// another web origin or without the token cookie; and the page's scripts cannot read the token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { WebSocket } from 'ws';
import { TOKEN_COOKIE } from '../../exo-server/src/api/auth.js';
import { type ExoProcess } from '../harness/exo-fixture.js';
import { openDesktop, launchBrowserAndExo } from './browser-fixture.js';

/** Opens a WebSocket to exo's /ws: 'open', or the HTTP status the upgrade was refused with. */
function tryWebSocket(
  exo: ExoProcess,
  headers: Record<string, string>,
  origin?: string,
): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${exo.host}/ws`, {
      headers,
      ...(origin ? { origin } : {}),
      handshakeTimeout: 5000,
    });
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (e) => reject(e));
  });
}

describe('the desktop needs the session token', () => {
  let exo: ExoProcess;
  let browser: Browser;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  test('HTTP requests without the token get 401, with a wrong one 403', async () => {
    const base = `http://${exo.host}`;
    const status = async (path: string, headers: Record<string, string> = {}): Promise<number> =>
      (await fetch(`${base}${path}`, { headers, redirect: 'manual' })).status;
    assert.equal(await status('/'), 401, 'the page without a token');
    assert.equal(await status('/app/main.js'), 401, 'the page script without a token');
    assert.equal(await status('/api/windows'), 401, 'the API without a token');
    assert.equal(await status('/?token=wrong'), 403, 'the page with a wrong token');
    assert.equal(await status('/', { Cookie: `${TOKEN_COOKIE}=wrong` }), 403, 'a wrong cookie');
    assert.equal(
      await status('/api/windows', { Authorization: 'Bearer wrong' }),
      403,
      'a wrong bearer token',
    );
    // A page of another site that resolves its own name to 127.0.0.1 sends its own Host.
    // (node:http, as fetch does not let a caller set Host.)
    const rebound = await exo.request('GET', '/api/windows', undefined, {
      headers: { Host: 'evil.example' },
    });
    assert.equal(rebound.status, 403, 'another Host (DNS rebinding)');

    // The URL exo prints trades the token for an HttpOnly cookie and drops it from the address.
    const r = await fetch(exo.url, { redirect: 'manual' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/');
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^${TOKEN_COOKIE}=${exo.token};`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const page = await fetch(`${base}/`, { headers: { Cookie: `${TOKEN_COOKIE}=${exo.token}` } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await page.text(), /<div id="desktop"/);
  });

  test('the WebSocket refuses other origins and requests without the cookie', async () => {
    const cookie = { Cookie: `${TOKEN_COOKIE}=${exo.token}` };
    assert.equal(await tryWebSocket(exo, cookie, 'http://evil.example'), 403, 'another Origin');
    assert.equal(await tryWebSocket(exo, cookie, 'null'), 403, 'an opaque Origin');
    assert.equal(await tryWebSocket(exo, {}, `http://${exo.host}`), 401, 'no cookie');
    assert.equal(await tryWebSocket(exo, { Cookie: `${TOKEN_COOKIE}=wrong` }, `http://${exo.host}`), 403);
    // The right cookie from the desktop's own origin is let in.
    assert.equal(await tryWebSocket(exo, cookie, `http://${exo.host}`), 'open');
  });

  test("the page's scripts cannot read the token", async () => {
    const desk = await openDesktop(browser, exo);
    try {
      assert.equal(new URL(desk.page.url()).search, '', 'the token is gone from the address bar');
      assert.equal(await desk.page.evaluate(() => document.cookie), '');
      const cookies = await desk.context.cookies();
      assert.deepEqual(
        cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite })),
        [{ name: TOKEN_COOKIE, httpOnly: true, sameSite: 'Strict' }],
      );
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });
});
