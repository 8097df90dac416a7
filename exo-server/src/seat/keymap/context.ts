import { XKB_CONTEXT_NO_ENVIRONMENT_NAMES, XKB_LOG_LEVEL_CRITICAL, xkbcommon } from './xkbcommon.js';
import type { XkbContextPtr } from './xkbcommon.js';

/**
 * An `xkb_context`: the include path and log settings keymaps are compiled with. Keymaps take
 * their own reference, so a context may be destroyed as soon as its keymaps are compiled.
 */
export class XkbContext {
  #ptr: XkbContextPtr | null;

  private constructor(ptr: XkbContextPtr) {
    this.#ptr = ptr;
  }

  static create(): XkbContext {
    const xkb = xkbcommon();
    // The server's layout must come from its own settings, never from XKB_DEFAULT_* variables
    // that happen to be set in the environment it was started from.
    const ptr = xkb.contextNew(XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
    if (ptr === null)
      throw new Error('xkb_context_new failed (is xkb-data installed in /usr/share/X11/xkb?)');
    // libxkbcommon logs compile errors to stderr; our errors say what went wrong, so stay quiet
    // unless the operator asked for its logs with XKB_LOG_LEVEL.
    if (process.env['XKB_LOG_LEVEL'] === undefined) xkb.contextSetLogLevel(ptr, XKB_LOG_LEVEL_CRITICAL);
    return new XkbContext(ptr);
  }

  get destroyed(): boolean {
    return this.#ptr === null;
  }

  /** The native pointer; throws once destroyed rather than hand out a dangling pointer. */
  get pointer(): XkbContextPtr {
    if (this.#ptr === null) throw new Error('XkbContext used after destroy()');
    return this.#ptr;
  }

  /** Releases the context; safe to call twice. */
  destroy(): void {
    if (this.#ptr === null) return;
    xkbcommon().contextUnref(this.#ptr);
    this.#ptr = null;
  }
}
