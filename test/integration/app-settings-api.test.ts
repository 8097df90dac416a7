// The control API's per-app settings: PUT/DELETE write the file sommelier follows, atomically,
// and refuse what sommelier would refuse.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { readSettingsFile } from '../../sommelier/src/settings/app-settings.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';

let exo: ExoProcess;
let configDir: string;
let file: string;

before(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-appapi-'));
  file = path.join(configDir, 'app-settings.json');
  exo = await startExoProcess({ env: { TARTINE_CONFIG_DIR: configDir } });
});

after(async () => {
  await exo?.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

test('GET, PUT and DELETE round trip through the settings file', async () => {
  let r = await exo.ok('GET', '/api/app-settings');
  assert.deepEqual(r.json, { file, applies: 'live-or-next-launch', default: {}, apps: {} });
  r = await exo.ok('PUT', '/api/app-settings/org.gnome.Calculator', { scale: 1.5 });
  assert.deepEqual(r.json, { appId: 'org.gnome.Calculator', scale: 1.5, applies: 'live-or-next-launch' });
  await exo.ok('PUT', '/api/app-settings/foot', { scale: 2, dpi: [96, 160] });
  assert.deepEqual(readSettingsFile(file).apps, {
    'org.gnome.Calculator': { scale: 1.5 },
    foot: { scale: 2, dpi: [96, 160] },
  });
  r = await exo.ok('GET', '/api/app-settings');
  assert.equal(r.json.apps.foot.scale, 2);
  r = await exo.ok('DELETE', '/api/app-settings/foot');
  assert.deepEqual(r.json, { appId: 'foot', removed: true, applies: 'live-or-next-launch' });
  assert.deepEqual(Object.keys(readSettingsFile(file).apps), ['org.gnome.Calculator']);
  assert.equal((await exo.ok('DELETE', '/api/app-settings/foot')).json.removed, false);
  assert.deepEqual(
    fs.readdirSync(configDir).filter((f) => f !== 'app-settings.json'),
    [],
    'no temporary file left',
  );
});

test('bad requests are refused and leave the file alone', async () => {
  const before = fs.readFileSync(file, 'utf8');
  let r = await exo.request('PUT', '/api/app-settings/foot', { scale: 20 });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /scale: expected a number from 0\.1 to 10/);
  r = await exo.request('PUT', '/api/app-settings/foot', { zoom: 2 });
  assert.equal(r.status, 400);
  r = await exo.request('PUT', '/api/app-settings/penguin%3Afoot', { scale: 2 });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /without 'GUEST:'/);
  r = await exo.request('PUT', '/api/app-settings/foot', { scale: 2 }, { token: null });
  assert.equal(r.status, 401);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});

test('a broken file is not overwritten', async () => {
  fs.writeFileSync(file, '{"apps": ');
  try {
    const r = await exo.request('PUT', '/api/app-settings/foot', { scale: 2 });
    assert.equal(r.status, 409);
    assert.match(r.json.error, /app-settings\.json: not valid JSON/);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"apps": ');
  } finally {
    fs.rmSync(file);
  }
});
