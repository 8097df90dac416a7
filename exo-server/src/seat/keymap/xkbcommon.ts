import koffi, { type LibraryHandle } from 'koffi';

/** What koffi accepts as a parameter or result type (not exported by name from its typings). */
type TypeSpec = Parameters<typeof koffi.out>[0] | ReturnType<typeof koffi.out>;

/**
 * The libxkbcommon calls the keymap code needs, bound through koffi on first use. Everything
 * above this file sees typed functions over numbers, strings and opaque pointers; koffi's output
 * parameters are hidden behind small wrappers.
 *
 * Types are anonymous koffi objects (never registered names) so they cannot collide with
 * another module's koffi types in the same process.
 */

/** Opaque pointers, branded so that a keymap cannot be passed where a state is expected. */
export type XkbContextPtr = bigint & { readonly __xkb: 'context' };
export type XkbKeymapPtr = bigint & { readonly __xkb: 'keymap' };
export type XkbStatePtr = bigint & { readonly __xkb: 'state' };

/** `struct xkb_rule_names`; null fields take libxkbcommon's built-in defaults. */
export interface XkbRuleNames {
  rules: string | null;
  model: string | null;
  layout: string | null;
  variant: string | null;
  options: string | null;
}

export const XKB_CONTEXT_NO_ENVIRONMENT_NAMES = 1 << 1;
export const XKB_LOG_LEVEL_CRITICAL = 10;
export const XKB_KEYMAP_COMPILE_NO_FLAGS = 0;
export const XKB_KEYMAP_FORMAT_TEXT_V1 = 1;
export const XKB_KEY_UP = 0;
export const XKB_KEY_DOWN = 1;
export const XKB_STATE_MODS_DEPRESSED = 1 << 0;
export const XKB_STATE_MODS_LATCHED = 1 << 1;
export const XKB_STATE_MODS_LOCKED = 1 << 2;
export const XKB_STATE_LAYOUT_DEPRESSED = 1 << 4;
export const XKB_STATE_LAYOUT_EFFECTIVE = 1 << 7;
export const XKB_KEY_NoSymbol = 0;
/** xkb keycodes are evdev codes shifted by 8 (an X11 legacy: codes below 8 are reserved). */
export const EVDEV_OFFSET = 8;

export interface Xkbcommon {
  contextNew(flags: number): XkbContextPtr | null;
  contextUnref(ctx: XkbContextPtr): void;
  contextSetLogLevel(ctx: XkbContextPtr, level: number): void;

  keymapNewFromNames(ctx: XkbContextPtr, names: XkbRuleNames, flags: number): XkbKeymapPtr | null;
  keymapRef(keymap: XkbKeymapPtr): XkbKeymapPtr;
  keymapUnref(keymap: XkbKeymapPtr): void;
  keymapGetAsString(keymap: XkbKeymapPtr, format: number): string | null;
  keymapMinKeycode(keymap: XkbKeymapPtr): number;
  keymapMaxKeycode(keymap: XkbKeymapPtr): number;
  keymapLayoutGetName(keymap: XkbKeymapPtr, layout: number): string | null;
  keymapNumLevelsForKey(keymap: XkbKeymapPtr, key: number, layout: number): number;
  /** The keysyms of one level (usually one; empty when the level has none). */
  keymapKeyGetSymsByLevel(keymap: XkbKeymapPtr, key: number, layout: number, level: number): Uint32Array;
  /** Every modifier mask that selects this level of the key's type. */
  keymapKeyGetModsForLevel(keymap: XkbKeymapPtr, key: number, layout: number, level: number): Uint32Array;

  stateNew(keymap: XkbKeymapPtr): XkbStatePtr | null;
  stateUnref(state: XkbStatePtr): void;
  stateUpdateKey(state: XkbStatePtr, key: number, direction: number): number;
  stateSerializeMods(state: XkbStatePtr, components: number): number;
  stateSerializeLayout(state: XkbStatePtr, components: number): number;
  stateKeyGetOneSym(state: XkbStatePtr, key: number): number;
  stateKeyGetUtf8(state: XkbStatePtr, key: number): string;

  utf32ToKeysym(codePoint: number): number;
  keysymToUtf32(keysym: number): number;
}

const LIBRARY = 'libxkbcommon.so.0';
let bound: Xkbcommon | undefined;

/** The bindings, loaded on first call; throws naming the Debian package when the library is missing. */
export function xkbcommon(): Xkbcommon {
  bound ??= bind(openLibrary());
  return bound;
}

function openLibrary(): LibraryHandle {
  try {
    return koffi.load(LIBRARY);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `Cannot load ${LIBRARY} (${reason}); keyboard layouts need libxkbcommon: ` +
        'install the Debian package libxkbcommon0 (apt-get install libxkbcommon0 xkb-data)',
      { cause },
    );
  }
}

function bind(lib: LibraryHandle): Xkbcommon {
  const ptr = koffi.pointer(koffi.opaque());
  const names = koffi.pointer(
    koffi.struct({
      rules: 'const char *',
      model: 'const char *',
      layout: 'const char *',
      variant: 'const char *',
      options: 'const char *',
    }),
  );
  // get_as_string returns malloc'd memory: a disposable string is freed by koffi after decoding.
  const heapString = koffi.disposable('const char *');
  const u32 = 'uint32_t';
  const fn = (name: string, result: TypeSpec, args: TypeSpec[]) => lib.func(name, result, args);

  const getSyms = fn('xkb_keymap_key_get_syms_by_level', 'int', [
    ptr,
    u32,
    u32,
    u32,
    koffi.out(koffi.pointer('void', 2)),
  ]);
  const getMods = fn('xkb_keymap_key_get_mods_for_level', 'size_t', [
    ptr,
    u32,
    u32,
    u32,
    'uint32_t *',
    'size_t',
  ]);
  const getUtf8 = fn('xkb_state_key_get_utf8', 'int', [ptr, u32, 'uint8_t *', 'size_t']);
  // A mask list longer than this would need a key type with more than 16 map entries per level.
  const maxMasks = 16;

  return {
    contextNew: fn('xkb_context_new', ptr, ['int']),
    contextUnref: fn('xkb_context_unref', 'void', [ptr]),
    contextSetLogLevel: fn('xkb_context_set_log_level', 'void', [ptr, 'int']),

    keymapNewFromNames: fn('xkb_keymap_new_from_names', ptr, [ptr, names, 'int']),
    keymapRef: fn('xkb_keymap_ref', ptr, [ptr]),
    keymapUnref: fn('xkb_keymap_unref', 'void', [ptr]),
    keymapGetAsString: fn('xkb_keymap_get_as_string', heapString, [ptr, 'int']),
    keymapMinKeycode: fn('xkb_keymap_min_keycode', u32, [ptr]),
    keymapMaxKeycode: fn('xkb_keymap_max_keycode', u32, [ptr]),
    keymapLayoutGetName: fn('xkb_keymap_layout_get_name', 'const char *', [ptr, u32]),
    keymapNumLevelsForKey: fn('xkb_keymap_num_levels_for_key', u32, [ptr, u32, u32]),
    keymapKeyGetSymsByLevel(keymap, key, layout, level) {
      const out: [bigint | null] = [null];
      const count = getSyms(keymap, key, layout, level, out) as number;
      const syms = new Uint32Array(Math.max(count, 0));
      if (out[0] === null) return syms.subarray(0, 0);
      // One element at a time: koffi 3.3.4's decode(ptr, type, count) leaks ~18 bytes a call
      // (measured), and this runs for every level of every key when a typing index is built.
      for (let i = 0; i < syms.length; i++) syms[i] = koffi.decode(out[0], i * 4, u32) as number;
      return syms;
    },
    keymapKeyGetModsForLevel(keymap, key, layout, level) {
      const masks = new Uint32Array(maxMasks);
      const count = getMods(keymap, key, layout, level, masks, maxMasks) as number;
      return masks.slice(0, Math.min(count, maxMasks));
    },

    stateNew: fn('xkb_state_new', ptr, [ptr]),
    stateUnref: fn('xkb_state_unref', 'void', [ptr]),
    stateUpdateKey: fn('xkb_state_update_key', 'int', [ptr, u32, 'int']),
    stateSerializeMods: fn('xkb_state_serialize_mods', u32, [ptr, 'int']),
    stateSerializeLayout: fn('xkb_state_serialize_layout', u32, [ptr, 'int']),
    stateKeyGetOneSym: fn('xkb_state_key_get_one_sym', u32, [ptr, u32]),
    stateKeyGetUtf8(state, key) {
      // The return value is the full length without the NUL, even when the buffer was too small.
      let buffer = Buffer.alloc(64);
      let length = getUtf8(state, key, buffer, buffer.length) as number;
      if (length >= buffer.length) {
        buffer = Buffer.alloc(length + 1);
        length = getUtf8(state, key, buffer, buffer.length) as number;
      }
      return length > 0 ? buffer.toString('utf8', 0, length) : '';
    },

    utf32ToKeysym: fn('xkb_utf32_to_keysym', u32, [u32]),
    keysymToUtf32: fn('xkb_keysym_to_utf32', u32, [u32]),
  };
}
