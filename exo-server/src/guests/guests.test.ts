import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { sharedFoldersMapper } from '../clipboard/uri-list.js';
import { execProgram, matchApp, matchByProgram, type AppEntry } from './app-match.js';
import { guestOfPid, originOfPid } from './client-origin.js';

const app = (desktopFileId: string, exec: string, startupWmClass = ''): AppEntry => ({
  desktopFileId,
  name: desktopFileId,
  icon: desktopFileId,
  startupWmClass,
  exec,
});

test('windows match desktop entries by desktop id, StartupWMClass, then the program Exec runs', () => {
  const apps = [
    app('org.gnome.Calculator', 'gnome-calculator'),
    app('code', '/usr/share/code/code --unity-launch %F', 'Code'),
    app('foot', 'foot'),
    app('foot-server', 'foot --server'),
    app('gtk3-widget-factory', 'env GDK_BACKEND=wayland gtk3-widget-factory'),
  ];
  assert.equal(matchApp('org.gnome.Calculator', apps)?.desktopFileId, 'org.gnome.Calculator');
  assert.equal(matchApp('org.gnome.calculator', apps)?.desktopFileId, 'org.gnome.Calculator');
  assert.equal(matchApp('Code', apps)?.desktopFileId, 'code');
  assert.equal(matchApp('gnome-calculator', apps)?.desktopFileId, 'org.gnome.Calculator');
  assert.equal(matchApp('foot', apps)?.desktopFileId, 'foot');
  assert.equal(matchApp('nothing', apps), null);
  assert.equal(matchApp('', apps), null);
  assert.equal(execProgram('env A=1 B=2 gtk3-widget-factory --x'), 'gtk3-widget-factory');
  assert.equal(execProgram('"/opt/my app/run" %U'), 'run');
  // A GTK app id naming no entry: the one entry whose program runs (foot's two entries count once).
  assert.equal(
    matchByProgram(new Set(['node', 'gtk3-widget-factory']), apps)?.desktopFileId,
    'gtk3-widget-factory',
  );
  assert.equal(matchByProgram(new Set(['foot']), apps)?.desktopFileId, 'foot');
  assert.equal(matchByProgram(new Set(['foot', 'gtk3-widget-factory']), apps), null, 'ambiguous');
  assert.equal(matchByProgram(new Set(['bash']), apps), null);
});

test('a process belongs to the guest whose first process is its ancestor; exo itself is the host', async () => {
  // A child of this process stands for a guest's first process, its grandchild for sommelier.
  const first = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
  try {
    let grandchild = 0;
    for (let i = 0; i < 100 && !grandchild; i++) {
      await new Promise((r) => setTimeout(r, 20));
      try {
        grandchild = Number(fs.readFileSync(`/proc/${first.pid}/task/${first.pid}/children`, 'utf8').trim());
      } catch {
        // not yet
      }
    }
    assert.ok(grandchild > 0);
    const penguin = { name: 'penguin', pid: first.pid!, shares: [] };
    const other = { name: 'other', pid: 999_999_999, shares: [] };
    assert.equal(guestOfPid(grandchild, [other, penguin])?.name, 'penguin');
    assert.equal(guestOfPid(process.pid, [other, penguin]), null);
    assert.deepEqual(originOfPid(process.pid, [penguin]), { kind: 'host' });
    assert.equal(originOfPid(undefined, [penguin]).kind, 'unknown', 'a link client has no pid');
    assert.equal(originOfPid(999_999_999, [penguin]).kind, 'unknown', 'a process that is gone');
  } finally {
    first.kill('SIGKILL');
  }
});

test("paths translate through a guest's shares only, and never out of a share through a guest's symlink", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-shares-'));
  try {
    const docs = path.join(root, 'docs');
    fs.mkdirSync(path.join(docs, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'secret'), 'x');
    fs.symlinkSync(path.join(root, 'secret'), path.join(docs, 'escape'));
    const m = sharedFoldersMapper([{ hostPath: docs, guestPath: '/mnt/shared/docs' }]);
    assert.equal(m.toGuest(path.join(docs, 'sub', 'a b.txt')), '/mnt/shared/docs/sub/a b.txt');
    assert.equal(m.toGuest(docs), '/mnt/shared/docs');
    assert.equal(m.toGuest(path.join(root, 'secret')), null);
    assert.equal(m.toGuest(path.join(docs, '..', 'secret')), null);
    assert.equal(m.toHost('/mnt/shared/docs/sub/x'), path.join(docs, 'sub', 'x'));
    assert.equal(m.toHost('/mnt/shared/docs/../../etc/passwd'), null);
    assert.equal(m.toHost('/home/user/x'), null);
    assert.equal(m.toHost('/mnt/shared/docs/escape'), null, 'a symlink out of the share');
    assert.equal(m.toHost('/mnt/shared/docsx/a'), null);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
