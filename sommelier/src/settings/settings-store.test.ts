import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { writeSettingsFile } from './app-settings.js';
import { SettingsStore } from './settings-store.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-store-'));
}

/** Resolves with the settings the store reads next. */
function nextChange(store: SettingsStore): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the store did not re-read the file within 5 s')), 5000);
    const off = store.onChange((s) => {
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

test('re-reads the file when it is replaced atomically', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'app-settings.json');
  const store = new SettingsStore(file, () => {}).watch();
  try {
    assert.deepEqual(store.settings.apps, {});
    let change = nextChange(store);
    writeSettingsFile(file, { default: {}, apps: { foot: { scale: 2 } } });
    await change;
    assert.deepEqual(store.settings.apps['foot'], { scale: 2 });
    change = nextChange(store);
    writeSettingsFile(file, { default: { scale: 1.5 }, apps: {} });
    await change;
    assert.deepEqual(store.settings, { default: { scale: 1.5 }, apps: {} });
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad file is reported with its name, and the previous settings stay', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'app-settings.json');
  writeSettingsFile(file, { default: {}, apps: { foot: { scale: 2 } } });
  const reports: string[] = [];
  const store = new SettingsStore(file, (m) => reports.push(m)).watch();
  try {
    assert.equal(store.settings.apps['foot']?.scale, 2);
    fs.writeFileSync(file, '{"apps": {"foot": {"scale": 0}}}');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(store.settings.apps['foot']?.scale, 2, 'the last good settings stay');
    assert.ok(
      reports.some((m) => m.includes(file) && m.includes('apps["foot"].scale')),
      reports.join('\n'),
    );
    // A fixed file is taken again.
    const change = nextChange(store);
    writeSettingsFile(file, { default: {}, apps: { foot: { scale: 3 } } });
    await change;
    assert.equal(store.settings.apps['foot']?.scale, 3);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
