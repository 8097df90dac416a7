/**
 * Real GTK 3 drag-and-drop ends for the XDND tests: a PyGObject program (Debian's python3-gi
 * and gir1.2-gtk-3.0) that is a drop target printing `DROP <target> <data>` or a drag source
 * offering text/uri-list and UTF8_STRING, on X (GDK_BACKEND=x11) or Wayland.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { ChildGroup, xwaylandPidsOf } from '../harness/child-group.js';
import { ChildRun } from '../harness/client-process.js';
import { GTK_ENV, REPO_ROOT, startExoProcess, type ApiResponse } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import type { X11Exo } from './x11-fixture.js';

const PROGRAM = `
import sys, gi
gi.require_version('Gtk', '3.0')
gi.require_version('Gdk', '3.0')
from gi.repository import Gtk, Gdk
mode, title = sys.argv[1], sys.argv[2]
win = Gtk.Window(title=title)
win.set_default_size(300, 200)
box = Gtk.EventBox()
box.add(Gtk.Label(label=title))
win.add(box)
targets = [Gtk.TargetEntry.new('text/uri-list', 0, 0), Gtk.TargetEntry.new('UTF8_STRING', 0, 1)]
if mode == 'target':
    box.drag_dest_set(Gtk.DestDefaults.ALL, targets, Gdk.DragAction.COPY | Gdk.DragAction.MOVE)
    def received(w, ctx, x, y, data, info, time):
        uris = data.get_uris()
        print('DROP', data.get_target().name(), repr(list(uris) if uris else data.get_text()), flush=True)
    box.connect('drag-data-received', received)
    over = [False]
    def motion(w, ctx, x, y, time):
        if not over[0]:
            print('OVER', flush=True)
        over[0] = True
        return False
    def left(w, ctx, time):
        over[0] = False
    box.connect('drag-motion', motion)
    box.connect('drag-leave', left)
else:
    payload = sys.argv[3]
    box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, targets, Gdk.DragAction.COPY)
    def get(w, ctx, data, info, time):
        if info == 0:
            data.set_uris([payload])
        else:
            data.set_text(payload, -1)
        print('GET', data.get_target().name(), flush=True)
    box.connect('drag-data-get', get)
    box.connect('drag-begin', lambda *a: print('BEGIN', flush=True))
    box.connect('drag-end', lambda *a: print('END', flush=True))
win.connect('destroy', Gtk.main_quit)
win.show_all()
print('READY', flush=True)
Gtk.main()
`;

/** Where each new window goes, left to right, so drags cross from one to the next. */
let nextX = 40;

export interface GtkDnd {
  run: ChildRun;
  win: WindowInfo;
}

/** X apps in a guest: exo, and `sommelier -X` on it (the X11Exo's display is sommelier's). */
export interface SommelierX11 extends X11Exo {
  sommelier: ChildRun;
  /** The guest's Wayland socket (sommelier's), inside exo's runtime folder. */
  guestSocket: string;
}

/** Starts exo and `tartine sommelier -X` on it at `scale`; X clients are the guest's. */
export async function startSommelierX11(scale = 2): Promise<SommelierX11> {
  const exo = await startExoProcess({ size: '1280x800' });
  const guestSocket = path.join(exo.runtimeDir, 'guest-0');
  const som = new ChildRun(
    process.execPath,
    [
      path.join(REPO_ROOT, 'bin', 'tartine.js'),
      'sommelier',
      ...['--host', `wayland:${exo.wayland}`, '--socket', guestSocket, '--scale', String(scale), '-X'],
    ],
    { ...exo.clientEnv() },
  );
  const m = await som.waitForOutput(/^READY (\{.*\})$/m, 15_000);
  const display = (JSON.parse(m[1]!) as { x11: string }).x11;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-x11-dnd-'));
  // Clients of the guest: DISPLAY is sommelier's, and no Wayland socket unless asked for.
  const group = new ChildGroup(() => {
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display };
    delete env['WAYLAND_DISPLAY'];
    return env;
  });
  return {
    exo,
    display,
    dir,
    spawn: (command, args) => group.spawn(command, args),
    sommelier: som,
    guestSocket,
    run: (command, args, timeoutMs) => group.run(command, args, timeoutMs),
    xwaylandPids: () => xwaylandPidsOf(display),
    async stop() {
      await group.killAll();
      await som.kill();
      await exo.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the GTK program as a drop target or drag source and waits for its window: on X, on
 * exo's Wayland, or (`guest-wayland`, with a SommelierX11) on the guest's Wayland socket.
 */
export async function startGtkDnd(
  x: X11Exo,
  mode: 'target' | 'source',
  backend: 'x11' | 'wayland' | 'guest-wayland',
  title: string,
  payload = '',
): Promise<GtkDnd> {
  const file = path.join(x.dir, 'gtk-dnd.py');
  if (!fs.existsSync(file)) fs.writeFileSync(file, PROGRAM);
  const guest = backend === 'guest-wayland' ? (x as SommelierX11).guestSocket : null;
  const env: NodeJS.ProcessEnv = guest
    ? {
        ...GTK_ENV,
        GDK_BACKEND: 'wayland',
        XDG_RUNTIME_DIR: path.dirname(guest),
        WAYLAND_DISPLAY: path.basename(guest),
      }
    : { ...GTK_ENV, GDK_BACKEND: backend, DISPLAY: x.display };
  const run =
    backend !== 'wayland'
      ? x.spawn('env', [
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          '/usr/bin/python3',
          file,
          mode,
          title,
          payload,
        ])
      : x.exo.spawnClient('/usr/bin/python3', [file, mode, title, payload], env);
  const found = await x.exo.waitForWindow((w) => w.title === title, 20_000, `the window '${title}'`);
  const at = nextX;
  nextX = nextX > 600 ? 40 : nextX + 400;
  await x.exo.act(found.id, { action: 'move', x: at, y: 60 });
  const win = await x.exo.waitForWindow(
    (w) => w.id === found.id && w.x === at && w.width > 50,
    10_000,
    `'${title}' moved to x=${at}`,
  );
  return { run, win };
}

/** Moves a GTK program's window so its left edge is at `left` (clear of the others). */
export async function placeAt(x: X11Exo, g: GtkDnd, left: number): Promise<void> {
  await x.exo.act(g.win.id, { action: 'move', x: left, y: 60 });
  g.win = await x.exo.waitForWindow(
    (w) => w.id === g.win.id && w.x === left,
    10_000,
    `'${g.win.title}' moved to x=${left}`,
  );
}

const centre = (w: WindowInfo) => ({ x: Math.round(w.x + w.width / 2), y: Math.round(w.y + w.height / 2) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Presses in the middle of the source's window and moves in steps to the middle of `to`, button
 * held. The drag must have begun (the source printed BEGIN) a few steps in: a press the source
 * missed (its window was still settling) is released and tried again.
 */
export async function pressAndMove(x: X11Exo, from: GtkDnd, to: WindowInfo, steps = 24): Promise<void> {
  const a = centre(from.win);
  const b = centre(to);
  const at = (i: number) => ({
    x: Math.round(a.x + ((b.x - a.x) * i) / steps),
    y: Math.round(a.y + ((b.y - a.y) * i) / steps),
  });
  for (let attempt = 0; ; attempt++) {
    const begun = from.run.stdout.split('BEGIN').length;
    await x.exo.input([
      { type: 'pointer', ...a },
      { type: 'button', button: 'left', state: 'press' },
    ]);
    for (let i = 1; i <= 4; i++) {
      await x.exo.input({ type: 'pointer', ...at(i) });
      await sleep(30);
    }
    const ok = await waitFor('the drag to begin', () => from.run.stdout.split('BEGIN').length > begun, {
      timeoutMs: 2_000,
    }).then(
      () => true,
      () => false,
    );
    if (ok) break;
    await release(x);
    if (attempt === 2) throw new Error(`the drag from '${from.win.title}' never began: ${from.run.tail()}`);
    await sleep(300);
  }
  for (let i = 5; i <= steps; i++) {
    await x.exo.input({ type: 'pointer', ...at(i) });
    await sleep(30);
  }
  // A few wiggles over the target, so its accept travels back before a release.
  for (let i = 0; i < 6; i++) {
    await x.exo.input({ type: 'pointer', x: b.x + (i % 2), y: b.y });
    await sleep(80);
  }
}

export async function release(x: X11Exo): Promise<void> {
  await x.exo.input({ type: 'button', button: 'left', state: 'release' });
}

/** A whole drag: press in `from`, move to `to`, release there. */
export async function dragWithPointer(x: X11Exo, from: GtkDnd, to: WindowInfo): Promise<void> {
  await pressAndMove(x, from, to);
  await release(x);
}

/**
 * A whole drag onto a target program, released only once the target has seen it (it prints
 * OVER on its first drag-motion): for drags whose way there takes a while, such as a guest's X
 * drag that becomes a host drag at its window's edge.
 */
export async function dragOnto(x: X11Exo, from: GtkDnd, to: GtkDnd): Promise<void> {
  const overs = to.run.stdout.split('OVER').length;
  await pressAndMove(x, from, to.win);
  const seen = () => to.run.stdout.split('OVER').length > overs;
  // Not seen: released anyway, and the test's own check says what went wrong.
  await waitFor('the target to see the drag', seen, { timeoutMs: 10_000 }).catch(() => {});
  await x.exo.input({ type: 'pointer', ...centre(to.win) });
  await sleep(150); // its accept travels back before the release
  await release(x);
}

/** Open file descriptors of a process. */
export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** Uploads a file as the page does, then drops it at the middle of `on`. */
export async function dropFile(
  x: X11Exo,
  on: WindowInfo,
  name: string,
  content: string,
): Promise<{ response: ApiResponse; uri: string }> {
  const up = await x.exo.request(
    'POST',
    `/api/drop/file?name=${encodeURIComponent(name)}`,
    Buffer.from(content),
  );
  if (up.status !== 200) throw new Error(`upload answered ${up.status}: ${up.body.toString()}`);
  const c = centre(on);
  const response = await x.exo.request('POST', `/api/drop?x=${c.x}&y=${c.y}`, { paths: [up.json.path] });
  const uri = response.json?.uris?.[0] ?? '';
  return { response, uri };
}
