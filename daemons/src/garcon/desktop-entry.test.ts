import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopFileId, parseDesktopEntry } from './desktop-entry.js';
import { expandExec, ExecLineError, splitExec } from './exec-line.js';

const FILE = `# comment
[Desktop Entry]
Type=Application
Name=Calculator
Name[de]=Rechner
Name[de_CH]=Rächner
Comment=Adds\\sup
Exec=gnome-calculator %U
Icon=org.gnome.Calculator
StartupWMClass=gnome-calculator
MimeType=x-scheme-handler/calculator;text/x-weird\\;type;
NoDisplay=false
Terminal=true

[Desktop Action new]
Name=Other
Exec=ignored
`;

test('desktop entries: keys of the [Desktop Entry] group, localized, unescaped, lists split', () => {
  const e = parseDesktopEntry(FILE, 'org.gnome.Calculator', '/x.desktop', 'de_DE.UTF-8')!;
  assert.equal(e.name, 'Rechner');
  assert.equal(parseDesktopEntry(FILE, 'id', '/x', 'de_CH.UTF-8')!.name, 'Rächner');
  assert.equal(parseDesktopEntry(FILE, 'id', '/x', 'C.UTF-8')!.name, 'Calculator');
  assert.equal(e.comment, 'Adds up');
  assert.equal(e.exec, 'gnome-calculator %U');
  assert.equal(e.startupWmClass, 'gnome-calculator');
  assert.deepEqual(e.mimeTypes, ['x-scheme-handler/calculator', 'text/x-weird;type']);
  assert.equal(e.noDisplay, false);
  assert.equal(e.terminal, true);
  assert.equal(parseDesktopEntry('[Other]\nName=x\n', 'id', '/x'), null);
});

test('desktop file ids replace folder separators with dashes', () => {
  assert.equal(desktopFileId('kde4/kate.desktop'), 'kde4-kate');
  assert.equal(desktopFileId('org.gnome.Calculator.desktop'), 'org.gnome.Calculator');
});

test('Exec lines: quoting and field codes', () => {
  assert.deepEqual(splitExec('"/opt/my app/run" --name="x y"  b'), ['/opt/my app/run', '--name=x y', 'b']);
  assert.deepEqual(splitExec('sh -c "echo \\\\"hi\\\\""'), ['sh', '-c', 'echo "hi"']);
  const ctx = { files: ['/a b', '/c'], icon: 'ic', name: 'App', path: '/p.desktop' };
  assert.deepEqual(expandExec('app %F', ctx), ['app', '/a b', '/c']);
  assert.deepEqual(expandExec('app %u', ctx), ['app', '/a b']);
  assert.deepEqual(expandExec('app %i %c %k 100%%', ctx), [
    'app',
    '--icon',
    'ic',
    'App',
    '/p.desktop',
    '100%',
  ]);
  assert.deepEqual(expandExec('app %U', { ...ctx, files: [] }), ['app']);
  assert.deepEqual(expandExec('app %d %m', ctx), ['app']);
  assert.throws(() => expandExec('"app', ctx), ExecLineError);
  assert.throws(() => expandExec('%F', { ...ctx, files: [] }), ExecLineError);
});
