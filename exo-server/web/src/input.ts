import type { Send } from './desktop.js';

/**
 * Captures the page's pointer, wheel, keyboard and touch input and sends it to exo. The
 * keyboard layout is exo's setting, never guessed here: the page sends physical key codes
 * (KeyboardEvent.code), and keeps browser shortcuts from taking keys where it can.
 */
export function captureInput(desktop: HTMLElement, send: Send, busy: () => boolean): void {
  const buttonOf = (b: number): number => (b === 1 ? 1 : b === 2 ? 2 : 0);
  desktop.addEventListener('pointermove', (e) => {
    if (busy()) return;
    if (e.pointerType === 'touch')
      send({ t: 'touch', id: e.pointerId, kind: 'motion', x: e.clientX, y: e.clientY });
    else send({ t: 'pointer', x: e.clientX, y: e.clientY });
  });
  desktop.addEventListener('pointerdown', (e) => {
    desktop.focus();
    desktop.setPointerCapture(e.pointerId);
    if (e.pointerType === 'touch')
      send({ t: 'touch', id: e.pointerId, kind: 'down', x: e.clientX, y: e.clientY });
    else send({ t: 'button', button: buttonOf(e.button), down: true, x: e.clientX, y: e.clientY });
    e.preventDefault();
  });
  desktop.addEventListener('pointerup', (e) => {
    if (e.pointerType === 'touch')
      send({ t: 'touch', id: e.pointerId, kind: 'up', x: e.clientX, y: e.clientY });
    else send({ t: 'button', button: buttonOf(e.button), down: false, x: e.clientX, y: e.clientY });
  });
  desktop.addEventListener('pointercancel', (e) => {
    if (e.pointerType === 'touch') send({ t: 'touch', id: e.pointerId, kind: 'cancel', x: 0, y: 0 });
  });
  desktop.addEventListener(
    'wheel',
    (e) => {
      send({ t: 'wheel', dx: e.deltaX, dy: e.deltaY, mode: e.deltaMode });
      e.preventDefault();
    },
    { passive: false },
  );
  desktop.addEventListener('contextmenu', (e) => e.preventDefault());
  const key = (down: boolean) => (e: KeyboardEvent) => {
    // Keys for the page's own controls (the layout selector) are not the apps'.
    if (e.target instanceof HTMLSelectElement) return;
    // Browser auto-repeat is dropped: clients repeat keys themselves from wl_keyboard.repeat_info.
    if (!e.repeat && e.code) send({ t: 'key', code: e.code, down });
    e.preventDefault();
  };
  window.addEventListener('keydown', key(true));
  window.addEventListener('keyup', key(false));
  // Keys held while the page loses focus would stay down in the app: release them.
  window.addEventListener('blur', () => send({ t: 'blur' }));
  try {
    (navigator as Navigator & { keyboard?: { lock?: () => Promise<void> } }).keyboard
      ?.lock?.()
      .catch(() => {});
  } catch {
    // Keyboard lock is only granted in fullscreen in most browsers.
  }
}
