import type { WindowAction } from './shell-api.js';
import type { WindowManager } from './window-manager.js';
import type { Window } from './window.js';

/** The control API's window actions (ShellApi.act), with their arguments checked. */
export function actOn(wm: WindowManager, win: Window, a: WindowAction): void {
  switch (a.action) {
    case 'activate':
      wm.popups.dismissChainUnlessOf(win);
      wm.activate(win);
      return;
    case 'close':
      win.handle.sendClose();
      return;
    case 'maximize':
    case 'unmaximize':
      wm.setMaximized(win, a.action === 'maximize');
      return;
    case 'fullscreen':
    case 'unfullscreen':
      wm.setFullscreen(win, a.action === 'fullscreen');
      return;
    case 'minimize':
      wm.minimize(win);
      return;
    case 'move': {
      if (!Number.isFinite(a.x) || !Number.isFinite(a.y))
        throw new Error(`move: x and y must be numbers, got ${String(a.x)}, ${String(a.y)}`);
      if (win.current.maximized || win.current.fullscreen)
        throw new Error(`window ${win.id} is maximized or fullscreen: restore it before moving it`);
      wm.moveWindow(win, Math.round(a.x), Math.round(a.y));
      return;
    }
    case 'resize': {
      const ok = (v: number) => Number.isInteger(v) && v > 0 && v <= 32767;
      if (!ok(a.width) || !ok(a.height))
        throw new Error(
          `resize: width and height must be integers from 1 to 32767, got ${String(a.width)}×${String(a.height)}`,
        );
      win.wanted.maximized = false;
      win.wanted.fullscreen = false;
      win.restore = null;
      win.anchor = null;
      win.sizeRequest = { width: a.width, height: a.height };
      win.handle.scheduleConfigure();
      return;
    }
    default:
      throw new Error(`unknown window action ${JSON.stringify((a as { action?: unknown }).action)}`);
  }
}
