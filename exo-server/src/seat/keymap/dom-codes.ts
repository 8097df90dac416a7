/**
 * W3C `KeyboardEvent.code` values (https://www.w3.org/TR/uievents-code/) to Linux evdev key
 * codes (linux/input-event-codes.h). `code` names a physical position, independent of the
 * browser's layout, which is exactly what the compositor's keymap needs: the guest's XKB
 * layout, not the host's, decides what the key types.
 *
 * Where the kernel maps a USB usage to a surprising evdev code, we follow the kernel (what a
 * real device produces), e.g. ContextMenu is KEY_COMPOSE and LaunchApp1 is KEY_FILE. Codes with
 * no evdev equivalent (NumpadBackspace, NumpadMemory*, Hyper, Super, Props…) are left out, and
 * NumpadClear too, because the kernel reports that key as Delete.
 */

const letterRows: [string, number][] = [
  ['QWERTYUIOP', 16],
  ['ASDFGHJKL', 30],
  ['ZXCVBNM', 44],
];

function* generated(): Generator<[string, number]> {
  for (const [row, first] of letterRows) {
    for (let i = 0; i < row.length; i++) yield [`Key${row[i]}`, first + i];
  }
  for (let d = 1; d <= 9; d++) yield [`Digit${d}`, 1 + d]; // KEY_1 = 2
  yield ['Digit0', 11];
  for (let f = 1; f <= 10; f++) yield [`F${f}`, 58 + f]; // KEY_F1 = 59
  yield ['F11', 87];
  yield ['F12', 88];
  for (let f = 13; f <= 24; f++) yield [`F${f}`, 170 + f]; // KEY_F13 = 183
}

// prettier-ignore
const listed: [string, number][] = [
  // Writing system keys (punctuation)
  ['Minus', 12], ['Equal', 13], ['BracketLeft', 26], ['BracketRight', 27], ['Semicolon', 39],
  ['Quote', 40], ['Backquote', 41], ['Backslash', 43], ['Comma', 51], ['Period', 52], ['Slash', 53],
  ['IntlBackslash', 86], ['IntlRo', 89], ['IntlYen', 124],

  // Functional keys
  ['Escape', 1], ['Backspace', 14], ['Tab', 15], ['Enter', 28], ['Space', 57], ['CapsLock', 58],
  ['ControlLeft', 29], ['ShiftLeft', 42], ['ShiftRight', 54], ['AltLeft', 56], ['ControlRight', 97],
  ['AltRight', 100], ['MetaLeft', 125], ['MetaRight', 126], ['ContextMenu', 127], ['Fn', 464],
  // Japanese and Korean input keys
  ['Lang5', 85], ['Lang3', 90], ['Lang4', 91], ['Convert', 92], ['KanaMode', 93], ['NonConvert', 94],
  ['Lang1', 122], ['Lang2', 123],

  // Control pad and arrows
  ['PrintScreen', 99], ['ScrollLock', 70], ['Pause', 119],
  ['Home', 102], ['ArrowUp', 103], ['PageUp', 104], ['ArrowLeft', 105], ['ArrowRight', 106],
  ['End', 107], ['ArrowDown', 108], ['PageDown', 109], ['Insert', 110], ['Delete', 111],

  // Numpad
  ['NumLock', 69], ['NumpadMultiply', 55], ['Numpad7', 71], ['Numpad8', 72], ['Numpad9', 73],
  ['NumpadSubtract', 74], ['Numpad4', 75], ['Numpad5', 76], ['Numpad6', 77], ['NumpadAdd', 78],
  ['Numpad1', 79], ['Numpad2', 80], ['Numpad3', 81], ['Numpad0', 82], ['NumpadDecimal', 83],
  ['NumpadEnter', 96], ['NumpadDivide', 98], ['NumpadEqual', 117], ['NumpadComma', 121],
  ['NumpadParenLeft', 179], ['NumpadParenRight', 180],

  // Editing keys of Sun-style and some multimedia keyboards
  ['BrowserStop', 128], ['Again', 129], ['Undo', 131], ['Select', 132], ['Copy', 133], ['Open', 134],
  ['Paste', 135], ['Find', 136], ['Cut', 137], ['Help', 138],

  // Media, browser, launcher and system keys
  ['AudioVolumeMute', 113], ['AudioVolumeDown', 114], ['AudioVolumeUp', 115], ['Power', 116],
  ['ShowAllWindows', 120], ['LaunchApp2', 140], ['Sleep', 142], ['WakeUp', 143], ['LaunchApp1', 144],
  ['LaunchMail', 155], ['BrowserFavorites', 156], ['BrowserBack', 158], ['BrowserForward', 159],
  ['Eject', 161], ['MediaTrackNext', 163], ['MediaPlayPause', 164], ['MediaTrackPrevious', 165],
  ['MediaStop', 166], ['MediaRecord', 167], ['MediaRewind', 168], ['MediaSelect', 171],
  ['BrowserHome', 172], ['BrowserRefresh', 173], ['MediaPause', 201], ['MediaPlay', 207],
  ['MediaFastForward', 208], ['BrowserSearch', 217], ['BrightnessDown', 224], ['BrightnessUp', 225],
  ['DisplayToggleIntExt', 227], ['MailSend', 231], ['MailReply', 232], ['MailForward', 233],
  ['ZoomToggle', 372], ['LaunchControlPanel', 579], ['SelectTask', 580], ['LaunchScreenSaver', 581],
  ['LaunchAssistant', 583], ['KeyboardLayoutSelect', 584],
];

/** Older names some browsers still send (Firefox before 118 used OSLeft/OSRight). */
const aliases: [string, number][] = [
  ['OSLeft', 125],
  ['OSRight', 126],
  ['VolumeMute', 113],
  ['VolumeDown', 114],
  ['VolumeUp', 115],
];

/** The canonical table: one DOM code per evdev code and back. */
const domToEvdev = new Map<string, number>();
const evdevToDom = new Map<number, string>();
for (const [code, evdev] of [...generated(), ...listed]) {
  // A typo that repeats a code would silently break the inverse mapping: fail at load instead.
  if (domToEvdev.has(code) || evdevToDom.has(evdev)) throw new Error(`dom-codes: ${code}/${evdev} twice`);
  domToEvdev.set(code, evdev);
  evdevToDom.set(evdev, code);
}
export const DOM_CODE_TO_EVDEV: ReadonlyMap<string, number> = domToEvdev;
const withAliases = new Map([...domToEvdev, ...aliases]);

/** The evdev code for a `KeyboardEvent.code`, or undefined for unknown or unmapped codes. */
export function evdevCodeFromDomCode(code: string): number | undefined {
  return withAliases.get(code);
}

/** The `KeyboardEvent.code` for an evdev code (the current name, never an alias). */
export function domCodeFromEvdevCode(evdevCode: number): string | undefined {
  return evdevToDom.get(evdevCode);
}
