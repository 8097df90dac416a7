import { ClipboardBridge } from './clipboard-bridge.js';
import { Desktop } from './desktop.js';
import { installFileDrop } from './file-drop.js';
import { captureInput } from './input.js';
import { Launcher } from './launcher.js';
import type { ServerMessage, WindowInfo } from './protocol.js';
import { SurfaceCanvases } from './surfaces.js';

/**
 * The desktop page: connects to exo over a WebSocket (the session cookie authenticates it),
 * tells exo its size and device pixel ratio, draws frames and acknowledges each one on the
 * next animation frame, so exo paces clients by what the page actually shows.
 */
const desktopEl = document.getElementById('desktop')!;
const shelfEl = document.getElementById('shelf')!;
const notice = document.getElementById('notice')!;
const canvases = new SurfaceCanvases((msg) => send(msg));
let socket: WebSocket | null = null;
const send = (msg: object): void => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
};
const desktop = new Desktop(desktopEl, shelfEl, canvases, send);
let lastWindows: WindowInfo[] = [];

/** Keyboard layouts offered in the tray; the choice is the user's, kept in this browser. */
const LAYOUTS = [
  'us',
  'gb',
  'de',
  'fr',
  'es',
  'it',
  'ch',
  'at',
  'be',
  'nl',
  'se',
  'no',
  'dk',
  'fi',
  'pt',
  'br',
  'pl',
  'cz',
  'hu',
  'ru',
  'ua',
  'jp',
  'kr',
  'tr',
  'il',
  'ca',
  'latam',
];
const layoutSelect = document.getElementById('layout') as HTMLSelectElement;
for (const l of LAYOUTS) layoutSelect.add(new Option(l, l));
const savedLayout = localStorage.getItem('tartine.layout');
layoutSelect.addEventListener('change', () => {
  localStorage.setItem('tartine.layout', layoutSelect.value);
  send({ t: 'layout', layout: layoutSelect.value });
  desktopEl.focus();
});

function size(): object {
  return { width: window.innerWidth, height: window.innerHeight, dpr: window.devicePixelRatio };
}

function showNotice(text: string): void {
  notice.textContent = text;
  notice.hidden = false;
}

function connect(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.binaryType = 'arraybuffer';
  socket = ws;
  ws.onopen = () => {
    notice.hidden = true;
    send({ t: 'hello', ...size(), pixels: canvases.pixels });
    if (savedLayout) send({ t: 'layout', layout: savedLayout });
  };
  ws.onmessage = (e) => {
    if (typeof e.data !== 'string') {
      canvases.drawFrame(e.data as ArrayBuffer, (seq) =>
        requestAnimationFrame(() => send({ t: 'ack', seq })),
      );
      return;
    }
    const msg = JSON.parse(e.data) as ServerMessage & { windows?: WindowInfo[] };
    if (clipboard.receive(msg)) return;
    if (msg.t === 'scene') {
      lastWindows = msg.windows ?? lastWindows;
      desktop.update(msg.views, lastWindows);
      followFullscreen(lastWindows);
    } else if (msg.t === 'cursor') desktopEl.style.cursor = msg.css;
    else if (msg.t === 'settings') {
      if (![...layoutSelect.options].some((o) => o.value === msg.layout))
        layoutSelect.add(new Option(msg.layout, msg.layout));
      layoutSelect.value = msg.layout;
    } else if (msg.t === 'replaced') showNotice(`${msg.message} Reload this page to use the desktop here.`);
  };
  ws.onclose = (e) => {
    if (e.code === 4000) return; // replaced by another tab: stay on the notice
    showNotice('Connection to Tartine lost. Reconnecting…');
    setTimeout(connect, 1000);
  };
}

/** A fullscreen window takes the browser fullscreen too; leaving browser fullscreen unfullscreens it. */
function followFullscreen(windows: WindowInfo[]): void {
  const fs = windows.find((w) => w.fullscreen && w.focused);
  if (fs && !document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => {});
  if (!fs && document.fullscreenElement) document.exitFullscreen().catch(() => {});
}
document.addEventListener('fullscreenchange', () => {
  if (document.fullscreenElement) return;
  for (const w of lastWindows) if (w.fullscreen) send({ t: 'action', window: w.id, action: 'unfullscreen' });
});

window.addEventListener('resize', () => send({ t: 'resize', ...size() }));
// devicePixelRatio changes (zoom, moving to another monitor) do not always fire resize.
function watchDpr(): void {
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
    'change',
    () => {
      send({ t: 'resize', ...size() });
      watchDpr();
    },
    { once: true },
  );
}
watchDpr();
const clipboard = new ClipboardBridge(send);
captureInput(desktopEl, send, () => desktop.busy);
installFileDrop(desktopEl);
connect();
new Launcher(document.body);
