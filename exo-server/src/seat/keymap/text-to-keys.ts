import type { Keymap } from './keymap.js';
import { holdableModifierKeys, modifierKeysForMask } from './modifier-keys.js';
import type { ModifierKey } from './modifier-keys.js';
import { EVDEV_OFFSET, XKB_KEY_NoSymbol, xkbcommon } from './xkbcommon.js';

/** One key press for a client: hold `modifiers`, press and release `code`, release `modifiers`. */
export interface Keystroke {
  /** evdev code of the key */
  code: number;
  /** evdev codes of the modifier keys to hold, e.g. [42] Left Shift, [100] AltGr on most layouts */
  modifiers: number[];
}

export const KEY_TAB = 15;
export const KEY_ENTER = 28;

interface Candidate extends Keystroke {
  /** 0 main block, 1 keypad, 2 extra keys (multimedia rows, KEY_EURO…) */
  tier: number;
  /** twice the shift level, plus three on KEY_102ND (see `keyPlace`) */
  distance: number;
}

interface TypingIndex {
  /** by keysym, for exact matches of `xkb_utf32_to_keysym` */
  bySym: Map<number, Candidate>;
  /** by code point, for layouts that spell a character as a Unicode keysym (`U2022`) */
  byChar: Map<number, Candidate>;
}

const indexes = new WeakMap<Keymap, TypingIndex>();

/**
 * Turns text into key presses on the keymap's first layout (group 0), the way a user of that
 * layout would type it: for each code point, the key and shift level that produce it, with the
 * lowest level preferred (plain before Shift before AltGr). `\n` (and `\r\n`, `\r`) is Enter,
 * `\t` is Tab. Throws naming the character and the layout when no key produces it. The
 * strokes assume no modifier is locked or latched in the client's state (Caps Lock off).
 *
 * Dead keys and compose sequences are out of scope: `é` on a layout that only has a dead acute
 * is reported as untypeable, and so is a decomposed accent (`e` + U+0301); pass NFC text.
 */
export function keystrokesForText(keymap: Keymap, text: string): Keystroke[] {
  const index = typingIndex(keymap);
  const xkb = xkbcommon();
  const strokes: Keystroke[] = [];
  let afterCr = false;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const wasCr = afterCr;
    afterCr = cp === 0x0d;
    if (cp === 0x0a && wasCr) continue; // CRLF is one Enter
    if (cp === 0x0a || cp === 0x0d) {
      strokes.push({ code: KEY_ENTER, modifiers: [] });
      continue;
    }
    if (cp === 0x09) {
      strokes.push({ code: KEY_TAB, modifiers: [] });
      continue;
    }
    const sym = xkb.utf32ToKeysym(cp);
    const exact = sym === XKB_KEY_NoSymbol ? undefined : index.bySym.get(sym);
    const unicode = index.byChar.get(cp);
    const found = exact && unicode ? (better(unicode, exact) ? unicode : exact) : (exact ?? unicode);
    if (found === undefined) throw untypeable(keymap, char, cp);
    strokes.push({ code: found.code, modifiers: [...found.modifiers] });
  }
  return strokes;
}

function untypeable(keymap: Keymap, char: string, cp: number): Error {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const shown = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? hex : `"${char}" (${hex})`;
  const name = keymap.layoutName;
  return new Error(
    `Cannot type ${shown} with keyboard layout "${keymap.description}"${name ? ` (${name})` : ''}: ` +
      'no key of the layout produces it (dead keys and compose sequences are not used)',
  );
}

/** Every character the first layout can type, built once per keymap. */
function typingIndex(keymap: Keymap): TypingIndex {
  const km = keymap.pointer; // throws for a destroyed keymap even when the index is cached
  const cached = indexes.get(keymap);
  if (cached) return cached;

  const xkb = xkbcommon();
  const modifierKeys = holdableModifierKeys(keymap);
  const chordByMask = new Map<number, number[] | undefined>();
  const index: TypingIndex = { bySym: new Map(), byChar: new Map() };
  const layout = 0;
  const max = xkb.keymapMaxKeycode(km);
  for (let key = Math.max(xkb.keymapMinKeycode(km), EVDEV_OFFSET); key <= max; key++) {
    const code = key - EVDEV_OFFSET;
    const levels = xkb.keymapNumLevelsForKey(km, key, layout);
    for (let level = 0; level < levels; level++) {
      const syms = xkb.keymapKeyGetSymsByLevel(km, key, layout, level);
      if (syms.length !== 1) continue; // several keysyms on one level type a sequence, not a character
      const modifiers = cheapestChord(
        xkb.keymapKeyGetModsForLevel(km, key, layout, level),
        modifierKeys,
        chordByMask,
      );
      if (modifiers === undefined) continue; // only reachable with Caps/Num Lock on
      const candidate: Candidate = { code, modifiers, ...keyPlace(code, level) };
      const sym = syms[0]!;
      offer(index.bySym, sym, candidate);
      const cp = xkb.keysymToUtf32(sym);
      if (cp !== 0) offer(index.byChar, cp, candidate);
    }
  }
  indexes.set(keymap, index);
  return index;
}

/** Of the masks that select a level, the one reachable with the fewest held keys. */
function cheapestChord(
  masks: Uint32Array,
  keys: readonly ModifierKey[],
  cache: Map<number, number[] | undefined>,
): number[] | undefined {
  let best: number[] | undefined;
  for (const mask of masks) {
    if (!cache.has(mask)) cache.set(mask, modifierKeysForMask(keys, mask));
    const chord = cache.get(mask);
    if (chord !== undefined && (best === undefined || chord.length < best.length)) best = chord;
  }
  return best;
}

function offer(map: Map<number, Candidate>, key: number, candidate: Candidate): void {
  const current = map.get(key);
  if (current === undefined || better(candidate, current)) map.set(key, candidate);
}

function better(a: Candidate, b: Candidate): boolean {
  return (
    (a.tier - b.tier ||
      a.distance - b.distance ||
      a.modifiers.length - b.modifiers.length ||
      a.code - b.code) < 0
  );
}

const KEY_102ND = 86;
const KEYPAD = new Set([
  55, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 95, 96, 98, 117, 118, 121, 179, 180,
]);
// Esc through Caps Lock (minus keypad *), the ISO key, and the Japanese Ro and Yen keys.
const isMainBlock = (code: number) =>
  (code >= 1 && code <= 58 && code !== 55) || [86, 89, 124].includes(code);

/**
 * How far a key is from a typist's hands. Keys outside the main block are used only when it
 * cannot type the character: keymaps give symbols to keypad and multimedia keys too (evdev keymaps
 * put `€` on KEY_EURO). KEY_102ND counts one and a half levels further away because
 * pc105 keymaps define it for every layout although ANSI keyboards, which most `us` typists
 * have, lack it: `<` is then Shift+Comma on `us` (level 2 beats 102ND's level 1), yet still the
 * ISO key on `fr`, where the alternative is level 4.
 */
function keyPlace(code: number, level: number): { tier: number; distance: number } {
  const tier = isMainBlock(code) ? 0 : KEYPAD.has(code) ? 1 : 2;
  return { tier, distance: 2 * level + (code === KEY_102ND ? 3 : 0) };
}
