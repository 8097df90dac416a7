/** Keyboard layouts for the compositor: XKB keymaps and state through libxkbcommon. */
export { XkbContext } from './context.js';
export { Keymap, LAYOUT_LIST } from './keymap.js';
export type { KeymapNames } from './keymap.js';
export { KeyboardState, KEY_MAX } from './keyboard-state.js';
export type { SerializedModifiers } from './keyboard-state.js';
export { keystrokesForText, KEY_ENTER, KEY_TAB } from './text-to-keys.js';
export type { Keystroke } from './text-to-keys.js';
export { holdableModifierKeys } from './modifier-keys.js';
export type { ModifierKey } from './modifier-keys.js';
export { DOM_CODE_TO_EVDEV, domCodeFromEvdevCode, evdevCodeFromDomCode } from './dom-codes.js';
