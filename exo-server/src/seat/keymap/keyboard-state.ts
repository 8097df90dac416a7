import type { Keymap } from './keymap.js';
import {
  EVDEV_OFFSET,
  XKB_KEY_DOWN,
  XKB_KEY_UP,
  XKB_STATE_LAYOUT_EFFECTIVE,
  XKB_STATE_MODS_DEPRESSED,
  XKB_STATE_MODS_LATCHED,
  XKB_STATE_MODS_LOCKED,
  xkbcommon,
} from './xkbcommon.js';
import type { XkbKeymapPtr, XkbStatePtr } from './xkbcommon.js';

/** The four numbers of `wl_keyboard.modifiers`. */
export interface SerializedModifiers {
  depressed: number;
  latched: number;
  locked: number;
  group: number;
}

/** Highest evdev key code (`KEY_MAX` in linux/input-event-codes.h). */
export const KEY_MAX = 0x2ff;

/**
 * One keyboard's modifier and layout state (`xkb_state`), fed with evdev key events. Holds its
 * own reference to the keymap, so it outlives `Keymap.destroy()` until it is destroyed itself.
 */
export class KeyboardState {
  #keymap: XkbKeymapPtr | null;
  #state: XkbStatePtr | null;
  readonly #pressed = new Set<number>();

  constructor(keymap: Keymap) {
    const xkb = xkbcommon();
    const state = xkb.stateNew(keymap.pointer);
    if (state === null) throw new Error(`xkb_state_new failed for layout "${keymap.names.layout}"`);
    this.#state = state;
    this.#keymap = xkb.keymapRef(keymap.pointer);
  }

  /**
   * Applies a key press or release; true when the serialized modifiers (or group) changed, i.e.
   * when `wl_keyboard.modifiers` must be sent. A repeated press of a key already down (browser
   * auto-repeat) and a release of a key not down are ignored: libxkbcommon counts each press,
   * so passing them through would leave a modifier stuck.
   */
  update(evdevCode: number, pressed: boolean): boolean {
    checkCode(evdevCode);
    const state = this.#live();
    if (pressed === this.#pressed.has(evdevCode)) return false;
    if (pressed) this.#pressed.add(evdevCode);
    else this.#pressed.delete(evdevCode);
    const before = this.modifiers();
    xkbcommon().stateUpdateKey(state, evdevCode + EVDEV_OFFSET, pressed ? XKB_KEY_DOWN : XKB_KEY_UP);
    const after = this.modifiers();
    return (
      before.depressed !== after.depressed ||
      before.latched !== after.latched ||
      before.locked !== after.locked ||
      before.group !== after.group
    );
  }

  modifiers(): SerializedModifiers {
    const xkb = xkbcommon();
    const state = this.#live();
    return {
      depressed: xkb.stateSerializeMods(state, XKB_STATE_MODS_DEPRESSED),
      latched: xkb.stateSerializeMods(state, XKB_STATE_MODS_LATCHED),
      locked: xkb.stateSerializeMods(state, XKB_STATE_MODS_LOCKED),
      group: xkb.stateSerializeLayout(state, XKB_STATE_LAYOUT_EFFECTIVE),
    };
  }

  /** The keysym the key produces now (0, NoSymbol, when none or several). */
  keysym(evdevCode: number): number {
    checkCode(evdevCode);
    return xkbcommon().stateKeyGetOneSym(this.#live(), evdevCode + EVDEV_OFFSET);
  }

  /** The text the key types now ('' for keys that type nothing, such as Shift). */
  utf8(evdevCode: number): string {
    checkCode(evdevCode);
    return xkbcommon().stateKeyGetUtf8(this.#live(), evdevCode + EVDEV_OFFSET);
  }

  isPressed(evdevCode: number): boolean {
    return this.#pressed.has(evdevCode);
  }

  /** Keys currently down, e.g. to send releases when focus leaves a surface. */
  pressedKeys(): number[] {
    return [...this.#pressed];
  }

  /** Forgets every pressed key, latch and lock (a fresh state over the same keymap). */
  reset(): void {
    const xkb = xkbcommon();
    const old = this.#live();
    const fresh = xkb.stateNew(this.#keymap!);
    if (fresh === null) throw new Error('xkb_state_new failed');
    xkb.stateUnref(old);
    this.#state = fresh;
    this.#pressed.clear();
  }

  /** Releases the state and its keymap reference; safe to call twice. */
  destroy(): void {
    if (this.#state === null) return;
    const xkb = xkbcommon();
    xkb.stateUnref(this.#state);
    xkb.keymapUnref(this.#keymap!);
    this.#state = null;
    this.#keymap = null;
    this.#pressed.clear();
  }

  #live(): XkbStatePtr {
    if (this.#state === null) throw new Error('KeyboardState used after destroy()');
    return this.#state;
  }
}

function checkCode(evdevCode: number): void {
  if (!Number.isInteger(evdevCode) || evdevCode < 0 || evdevCode > KEY_MAX) {
    throw new RangeError(`Invalid evdev key code ${evdevCode} (expected an integer 0..${KEY_MAX})`);
  }
}
