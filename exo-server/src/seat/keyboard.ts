import type { WlKeyboardResource } from '../../../protos/gen/server/wayland.js';
import { WlKeyboardKeymapFormat, WlKeyboardKeyState } from '../../../protos/gen/spec/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';
import { ClientResources } from './client-resources.js';
import { KeyboardState, Keymap } from './keymap/index.js';
import { KeymapFile } from './keymap-file.js';
import type { SerialTracker } from './serial-tracker.js';

/** Key repeat the clients run themselves: 25 per second after 600 ms (wl_keyboard v4+). */
export const REPEAT_RATE = 25;
export const REPEAT_DELAY = 600;

/**
 * wl_keyboard: the keymap (sent to every keyboard in a sealed memfd), the modifier state, and
 * the focus the window manager sets: leave/enter (with the keys already down), key and
 * modifiers events to the focused client's wl_keyboard objects.
 */
export class Keyboard {
  focus: Surface | null = null;
  keymap: Keymap;
  state: KeyboardState;
  readonly resources = new ClientResources<WlKeyboardResource>();
  private file: KeymapFile;
  private readonly focusListeners: Array<(focus: Surface | null) => void> = [];

  constructor(
    private readonly exo: Exo,
    private readonly serials: SerialTracker<Client>,
    layout: string,
  ) {
    this.keymap = Keymap.compile({ layout });
    this.state = new KeyboardState(this.keymap);
    this.file = new KeymapFile(this.keymap.text);
  }

  addResource(r: WlKeyboardResource): void {
    this.resources.add(r);
    r.setHandler({});
    const fd = this.file.createFd();
    try {
      r.sendKeymap(WlKeyboardKeymapFormat.XkbV1, fd, this.file.size);
    } finally {
      closeFd(fd); // the sender queued its own duplicate
    }
    if (r.version >= 4) r.sendRepeatInfo(REPEAT_RATE, REPEAT_DELAY);
    const f = this.focus;
    if (f && !f.destroyed && f.resource.client === r.client) {
      const serial = this.exo.nextSerial();
      this.serials.record(r.client, 'enter', serial);
      r.sendEnter(serial, f.resource, this.pressedKeysArray());
      this.sendModifiers([r]);
    }
  }

  /**
   * Runs `cb` on every focus change, after the old focus got leave and before the new one gets
   * enter: the selection is offered there (wl_data_device.selection comes right before enter).
   */
  onFocusChanged(cb: (focus: Surface | null) => void): () => void {
    this.focusListeners.push(cb);
    return () => {
      const i = this.focusListeners.indexOf(cb);
      if (i >= 0) this.focusListeners.splice(i, 1);
    };
  }

  setFocus(surface: Surface | null): void {
    if (surface?.destroyed) surface = null;
    if (surface === this.focus) return;
    const old = this.focus;
    if (old && !old.destroyed) {
      const serial = this.exo.nextSerial();
      for (const r of this.resources.of(old.resource.client)) r.sendLeave(serial, old.resource);
    }
    this.focus = surface;
    for (const cb of [...this.focusListeners]) cb(surface);
    if (!surface || this.focus !== surface) return; // a listener moved the focus again
    const serial = this.exo.nextSerial();
    this.serials.record(surface.resource.client, 'enter', serial);
    const keyboards = this.resources.of(surface.resource.client);
    const keys = this.pressedKeysArray();
    for (const r of keyboards) r.sendEnter(serial, surface.resource, keys);
    this.sendModifiers(keyboards);
  }

  /**
   * Switches the keyboard layout (a setting of the desktop page): every wl_keyboard gets the
   * new keymap. Keys held now are released first, so nothing stays stuck under the old map.
   * Throws (leaving the old layout) when the layout is unknown.
   */
  setLayout(layout: string, time: number): void {
    const next = Keymap.compile({ layout });
    for (const code of this.state.pressedKeys()) this.key(code, false, time);
    const old = { keymap: this.keymap, state: this.state };
    this.keymap = next;
    this.state = new KeyboardState(next);
    this.file = new KeymapFile(next.text);
    old.state.destroy();
    old.keymap.destroy();
    for (const r of this.resources.all()) {
      const fd = this.file.createFd();
      try {
        r.sendKeymap(WlKeyboardKeymapFormat.XkbV1, fd, this.file.size);
      } finally {
        closeFd(fd);
      }
    }
    const f = this.focus;
    if (f && !f.destroyed) this.sendModifiers(this.resources.of(f.resource.client));
  }

  /** A key went down or up (evdev code); repeats of a key already down are dropped (clients repeat). */
  key(code: number, pressed: boolean, time: number): void {
    if (this.state.isPressed(code) === pressed) return;
    const modsChanged = this.state.update(code, pressed);
    if (!pressed) this.serials.released('key', code);
    const f = this.focus;
    if (!f || f.destroyed) return;
    const serial = this.exo.nextSerial();
    if (pressed) this.serials.record(f.resource.client, 'key', serial, code);
    const keyboards = this.resources.of(f.resource.client);
    const state = pressed ? WlKeyboardKeyState.Pressed : WlKeyboardKeyState.Released;
    for (const r of keyboards) r.sendKey(serial, time, code, state);
    if (modsChanged) this.sendModifiers(keyboards);
  }

  surfaceDestroyed(surface: Surface): void {
    if (this.focus === surface) this.setFocus(null);
  }

  private sendModifiers(keyboards: WlKeyboardResource[]): void {
    if (keyboards.length === 0) return;
    const m = this.state.modifiers();
    const serial = this.exo.nextSerial();
    for (const r of keyboards) r.sendModifiers(serial, m.depressed, m.latched, m.locked, m.group);
  }

  /** The wl_array of keys for enter: evdev codes as 32-bit little-endian words. */
  private pressedKeysArray(): Uint8Array {
    const keys = this.state.pressedKeys();
    const buf = Buffer.alloc(keys.length * 4);
    keys.forEach((k, i) => buf.writeUInt32LE(k, i * 4));
    return buf;
  }

  destroy(): void {
    this.state.destroy();
    this.keymap.destroy();
  }
}
