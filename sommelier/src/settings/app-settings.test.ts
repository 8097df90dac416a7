import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  configDir,
  lookupApp,
  parseSettings,
  readSettingsFile,
  settingsPath,
  writeSettingsFile,
} from './app-settings.js';
import { AppIdentity } from './app-identity.js';

test('parses the default and per-app entries', () => {
  const s = parseSettings(
    '{"default": {"scale": 1}, "apps": {"org.gnome.Calculator": {"scale": 1.5, "dpi": [160, 96]}, "foot": {"scale": 2}}}',
  );
  assert.deepEqual(s.default, { scale: 1 });
  assert.deepEqual(s.apps['org.gnome.Calculator'], { scale: 1.5, dpi: [96, 160] });
  assert.deepEqual(parseSettings('{}'), { default: {}, apps: {} });
});

test('says what is wrong with a bad file', () => {
  assert.throws(() => parseSettings('{"apps": '), /not valid JSON/);
  assert.throws(() => parseSettings('[]'), /expected an object/);
  assert.throws(
    () => parseSettings('{"apps": {"foot": {"scale": 11}}}'),
    /apps\["foot"\]\.scale: .*0\.1 to 10/,
  );
  assert.throws(() => parseSettings('{"apps": {"foot": {"scale": "2"}}}'), /scale/);
  assert.throws(() => parseSettings('{"default": {"scale": 0.05}}'), /default\.scale/);
  assert.throws(() => parseSettings('{"apps": {"foot": {"zoom": 2}}}'), /unknown setting 'zoom'/);
  assert.throws(() => parseSettings('{"apps": {"foot": {"dpi": [96, -1]}}}'), /dpi/);
  assert.throws(() => parseSettings('{"aps": {}}'), /unknown key 'aps'/);
  assert.throws(() => parseSettings('{"apps": {"a b": {}}}'), /not an app id/);
});

test('looks up the app id first, then the executable, then the default', () => {
  const s = parseSettings(
    '{"default": {"scale": 1.25, "dpi": [96]}, "apps": {"org.x.App": {"scale": 2}, "xapp": {"scale": 3}}}',
  );
  assert.deepEqual(lookupApp(s, ['org.x.App', 'xapp']), { scale: 2, dpi: [96] });
  assert.deepEqual(lookupApp(s, [null, 'xapp']), { scale: 3, dpi: [96] });
  assert.deepEqual(lookupApp(s, ['other']), { scale: 1.25, dpi: [96] });
  assert.equal(lookupApp(s, ['__proto__', 'toString']).scale, 1.25, 'object built-ins are not apps');
});

test('an executable is looked up by the app id it set before', () => {
  const id = new AppIdentity();
  assert.deepEqual(id.keysFor('gnome-calculator'), ['gnome-calculator']);
  id.learn('gnome-calculator', 'org.gnome.Calculator');
  assert.deepEqual(id.keysFor('gnome-calculator'), ['org.gnome.Calculator', 'gnome-calculator']);
  assert.deepEqual(id.keysFor(null), []);
  assert.equal(AppIdentity.executableOf(process.pid), path.basename(process.execPath));
  assert.equal(AppIdentity.executableOf(0), null);
});

test('the file lives in TARTINE_CONFIG_DIR, else ~/.config/tartine', () => {
  assert.equal(settingsPath({ TARTINE_CONFIG_DIR: '/etc/t' }), '/etc/t/app-settings.json');
  assert.equal(configDir({ HOME: '/home/u' }), '/home/u/.config/tartine');
});

test('writes atomically and reads back; a missing file is empty settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-settings-'));
  try {
    const file = path.join(dir, 'sub', 'app-settings.json');
    assert.deepEqual(readSettingsFile(file), { default: {}, apps: {} });
    writeSettingsFile(file, { default: {}, apps: { foot: { scale: 2 } } });
    assert.deepEqual(readSettingsFile(file).apps['foot'], { scale: 2 });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['app-settings.json'], 'no temporary file left');
    fs.writeFileSync(file, '{"apps": {"foot": {"scale": 20}}}');
    assert.throws(
      () => readSettingsFile(file),
      (e: Error) => e.message.startsWith(`${file}: apps["foot"].scale`),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
