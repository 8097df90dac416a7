import { domCodeFromEvdevCode } from './dom-codes.js';
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

/** A key that sets modifiers while it is held and leaves nothing behind when released. */
export interface ModifierKey {
  /** evdev code */
  code: number;
  /** the real-modifier mask it sets while held */
  mask: number;
}

/**
 * Finds the keys that act as held modifiers on this keymap by pressing each one in a scratch
 * state, rather than trusting names: which key is AltGr, and which real modifier Shift_L or
 * ISO_Level3_Shift maps to, depends on the layout and its options. Keys that lock or latch
 * (Caps Lock, Num Lock, latches) or switch groups are excluded: holding them does not give a
 * stable modifier. When several keys set the same mask, a key that exists on real keyboards
 * (it has a DOM code) wins over virtual ones such as `<LVL3>`, then the lowest code (left keys).
 */
export function holdableModifierKeys(keymap: Keymap): ModifierKey[] {
  const xkb = xkbcommon();
  const km = keymap.pointer;
  const byMask = new Map<number, number>();
  let state = newState(km);
  try {
    const max = xkb.keymapMaxKeycode(km);
    for (let key = Math.max(xkb.keymapMinKeycode(km), EVDEV_OFFSET); key <= max; key++) {
      xkb.stateUpdateKey(state, key, XKB_KEY_DOWN);
      const mask = xkb.stateSerializeMods(state, XKB_STATE_MODS_DEPRESSED);
      const held = xkb.stateSerializeLayout(state, XKB_STATE_LAYOUT_EFFECTIVE) === 0;
      xkb.stateUpdateKey(state, key, XKB_KEY_UP);
      const clean =
        xkb.stateSerializeMods(
          state,
          XKB_STATE_MODS_DEPRESSED | XKB_STATE_MODS_LATCHED | XKB_STATE_MODS_LOCKED,
        ) === 0 && xkb.stateSerializeLayout(state, XKB_STATE_LAYOUT_EFFECTIVE) === 0;
      if (!clean) {
        xkb.stateUnref(state);
        state = newState(km);
      }
      if (mask === 0 || !held || !clean) continue;
      const code = key - EVDEV_OFFSET;
      const current = byMask.get(mask);
      if (current === undefined || preferred(code, current)) byMask.set(mask, code);
    }
  } finally {
    xkb.stateUnref(state);
  }
  return [...byMask].map(([mask, code]) => ({ code, mask })).sort((a, b) => a.code - b.code);
}

/**
 * The fewest modifier keys whose masks together make exactly `mask` (evdev codes, ascending),
 * or undefined when no combination of held keys gives it (e.g. a mask that needs Lock).
 */
export function modifierKeysForMask(keys: readonly ModifierKey[], mask: number): number[] | undefined {
  if (mask === 0) return [];
  // Only keys whose whole mask fits inside the wanted one can be part of the answer.
  const usable = keys.filter((k) => (k.mask & ~mask) === 0);
  let best: ModifierKey[] | undefined;
  const search = (start: number, chosen: ModifierKey[], union: number): void => {
    if (union === mask) {
      if (best === undefined || chosen.length < best.length) best = [...chosen];
      return;
    }
    if (best !== undefined && chosen.length + 1 >= best.length) return;
    for (let i = start; i < usable.length; i++) {
      const k = usable[i]!;
      if ((union | k.mask) === union) continue;
      chosen.push(k);
      search(i + 1, chosen, union | k.mask);
      chosen.pop();
    }
  };
  search(0, [], 0);
  return best?.map((k) => k.code).sort((a, b) => a - b);
}

function preferred(code: number, current: number): boolean {
  const real = domCodeFromEvdevCode(code) !== undefined;
  const currentReal = domCodeFromEvdevCode(current) !== undefined;
  if (real !== currentReal) return real;
  return code < current;
}

function newState(km: XkbKeymapPtr): XkbStatePtr {
  const state = xkbcommon().stateNew(km);
  if (state === null) throw new Error('xkb_state_new failed');
  return state;
}
