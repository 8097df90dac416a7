import { XkbContext } from './context.js';
import { XKB_KEYMAP_COMPILE_NO_FLAGS, XKB_KEYMAP_FORMAT_TEXT_V1, xkbcommon } from './xkbcommon.js';
import type { XkbKeymapPtr } from './xkbcommon.js';

/** RMLVO names, as in `setxkbmap -rules … -model … -layout … -variant … -option …`. */
export interface KeymapNames {
  rules?: string;
  model?: string;
  /** One layout or a comma-separated list (`us,de`); `us` when omitted. */
  layout?: string;
  variant?: string;
  options?: string;
}

export const LAYOUT_LIST = '/usr/share/X11/xkb/rules/evdev.lst';

const DEFAULT_NAMES: Required<KeymapNames> = {
  rules: 'evdev',
  model: 'pc105',
  layout: 'us',
  variant: '',
  options: '',
};

// Names arrive from the browser or the control API and become file names under the XKB
// include path: allow what real names use (`de`, `alt-intl`, `lv3:ralt_switch,compose:menu`,
// `ara(digits)`) and nothing that could walk out of the data directory.
const NAME_PATTERN = /^[A-Za-z0-9_+\-.:,()]*$/;
const MAX_NAME_LENGTH = 256;

/** A compiled XKB keymap, and its text form for `wl_keyboard.keymap`. */
export class Keymap {
  #ptr: XkbKeymapPtr | null;
  /** The names it was compiled from, defaults filled in. */
  readonly names: Readonly<Required<KeymapNames>>;
  /** `xkb_keymap_get_as_string(…, XKB_KEYMAP_FORMAT_TEXT_V1)`: what Wayland clients receive. */
  readonly text: string;

  private constructor(ptr: XkbKeymapPtr, names: Required<KeymapNames>, text: string) {
    this.#ptr = ptr;
    this.names = Object.freeze(names);
    this.text = text;
  }

  /**
   * Compiles a keymap. A context is created for the call when none is given (the keymap keeps
   * its own reference to it). Throws when the layout, variant or rules cannot be compiled.
   */
  static compile(names: KeymapNames = {}, context?: XkbContext): Keymap {
    const resolved = resolveNames(names);
    const xkb = xkbcommon();
    const ctx = context ?? XkbContext.create();
    try {
      const ptr = xkb.keymapNewFromNames(ctx.pointer, resolved, XKB_KEYMAP_COMPILE_NO_FLAGS);
      if (ptr === null) throw new Error(compileFailure(resolved));
      const text = xkb.keymapGetAsString(ptr, XKB_KEYMAP_FORMAT_TEXT_V1);
      if (text === null) {
        xkb.keymapUnref(ptr);
        throw new Error(`xkb_keymap_get_as_string failed for layout "${resolved.layout}"`);
      }
      return new Keymap(ptr, resolved, text);
    } finally {
      if (context === undefined) ctx.destroy();
    }
  }

  get destroyed(): boolean {
    return this.#ptr === null;
  }

  /** The native pointer; throws once destroyed rather than hand out a dangling pointer. */
  get pointer(): XkbKeymapPtr {
    if (this.#ptr === null) throw new Error(`Keymap "${this.names.layout}" used after destroy()`);
    return this.#ptr;
  }

  /** The first layout's human name from the XKB data, e.g. `German`; empty when unnamed. */
  get layoutName(): string {
    return xkbcommon().keymapLayoutGetName(this.pointer, 0) ?? '';
  }

  /** A short description for messages: `de(nodeadkeys)`, `us`. */
  get description(): string {
    const { layout, variant } = this.names;
    return variant === '' ? layout : `${layout}(${variant})`;
  }

  /**
   * Drops this object's reference; safe to call twice. States made from the keymap hold their
   * own reference and keep working until they are destroyed.
   */
  destroy(): void {
    if (this.#ptr === null) return;
    xkbcommon().keymapUnref(this.#ptr);
    this.#ptr = null;
  }
}

function resolveNames(names: KeymapNames): Required<KeymapNames> {
  const resolved = { ...DEFAULT_NAMES };
  for (const key of Object.keys(DEFAULT_NAMES) as (keyof KeymapNames)[]) {
    const value = names[key];
    if (value === undefined || value === '') continue;
    const valid =
      typeof value === 'string' &&
      value.length <= MAX_NAME_LENGTH &&
      NAME_PATTERN.test(value) &&
      !value.includes('..');
    if (!valid) {
      throw new Error(
        `Invalid keyboard ${key} name ${JSON.stringify(value)}: ` +
          `pick a layout and variant from ${LAYOUT_LIST}`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}

function compileFailure(names: Required<KeymapNames>): string {
  const extras = [
    names.variant === '' ? '' : ` variant "${names.variant}"`,
    names.options === '' ? '' : ` options "${names.options}"`,
    names.rules === DEFAULT_NAMES.rules ? '' : ` rules "${names.rules}"`,
    names.model === DEFAULT_NAMES.model ? '' : ` model "${names.model}"`,
  ].join('');
  return (
    `Unknown keyboard layout "${names.layout}"${extras ? ` (with${extras})` : ''}: ` +
    `libxkbcommon cannot compile it; pick a layout (and variant) from ${LAYOUT_LIST}`
  );
}
