// Per-app scale through real sommelier and exo: the settings file (TARTINE_CONFIG_DIR) decides
// each client's scale, by its app id or its executable, and a change reaches the next launch.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { writeSettingsFile, type AppSettings } from '../../sommelier/src/settings/app-settings.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { spawnGuest, startSommelierProcess, TARTINE, type SommelierRun } from './sommelier-fixture.js';

const APP_ID = 'org.freedesktop.weston.simple-shm';
let exo: ExoProcess;
let configDir: string;

before(async () => {
  exo = await startExoProcess();
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-appcfg-'));
});

after(async () => {
  await exo?.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

function settings(apps: AppSettings['apps'], def: AppSettings['default'] = {}): void {
  writeSettingsFile(path.join(configDir, 'app-settings.json'), { default: def, apps });
}

/** `tartine sommelier -- weston-simple-shm` on exo; returns its window's size. */
async function launchOnce(): Promise<number> {
  const run = exo.spawnClient(process.execPath, [TARTINE, 'sommelier', '--', 'weston-simple-shm'], {
    TARTINE_CONFIG_DIR: configDir,
  });
  try {
    const win = await exo.waitForWindow((w) => w.appId === `penguin:${APP_ID}` && w.width > 0);
    assert.equal(win.width, win.height);
    return win.width;
  } finally {
    await run.kill();
    await waitFor('no windows left', async () => (await exo.windows()).length === 0, { timeoutMs: 5000 });
  }
}

test('the app id entry gives weston-simple-shm scale 2 from its first frame', async () => {
  settings({});
  assert.equal(await launchOnce(), 250);
  settings({ [APP_ID]: { scale: 2 } });
  assert.equal(await launchOnce(), 500);
});

test('the executable name matches too; the app id wins over it; the default applies to others', async () => {
  settings({ 'weston-simple-shm': { scale: 0.5 } });
  assert.equal(await launchOnce(), 125);
  settings({ 'weston-simple-shm': { scale: 0.5 }, [APP_ID]: { scale: 1.5 } });
  assert.equal(await launchOnce(), 375);
  settings({ foot: { scale: 3 } }, { scale: 2 });
  assert.equal(await launchOnce(), 500);
});

test('a serving sommelier follows the file: the next launched app gets the new scale', async () => {
  settings({});
  const som: SommelierRun = await startSommelierProcess(exo.runtimeDir, exo.wayland, [], {
    TARTINE_CONFIG_DIR: configDir,
  });
  const launch = async (): Promise<number> => {
    const run = spawnGuest(exo.runtimeDir, som.socket, 'weston-simple-shm');
    try {
      return (await exo.waitForWindow((w) => w.appId === `penguin:${APP_ID}` && w.width > 0)).width;
    } finally {
      await run.kill();
      await waitFor('no windows left', async () => (await exo.windows()).length === 0, { timeoutMs: 5000 });
    }
  };
  try {
    assert.equal(await launch(), 250);
    settings({ [APP_ID]: { scale: 2 } });
    // The file is re-read after a short debounce.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await launch(), 500);
    // A broken file is reported and the last good settings stay.
    fs.writeFileSync(path.join(configDir, 'app-settings.json'), '{"apps": {"x": {"scale": 99}}}');
    await waitFor(
      'the error on stderr',
      () => /app-settings\.json: apps\["x"\]\.scale/.test(som.process.stderr),
      {
        timeoutMs: 5000,
      },
    );
    assert.equal(await launch(), 500);
  } finally {
    await som.stop();
  }
});
