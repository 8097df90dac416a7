import { AppMenu } from './app-menu.js';
import { TITLEBAR_HEIGHT, type ViewDescription, type WindowInfo } from './protocol.js';
import type { SurfaceCanvases } from './surfaces.js';
import { WindowIcons } from './window-icons.js';

export type Send = (msg: object) => void;

/**
 * Lays out the scene: one element per view (window or popup) in stacking order, the surface
 * canvases inside it, a frame with a title bar for windows that want server-side decorations,
 * and the shelf of open windows.
 */
export class Desktop {
  private readonly views = new Map<number, HTMLDivElement>();
  private dragging: { id: number; dx: number; dy: number } | null = null;
  private resizing: { id: number; x: number; y: number; w: number; h: number } | null = null;
  /** Each window's menu (its app's scale), from the title bar's ⋮ or the shelf button's context menu. */
  private readonly menu = new AppMenu();
  private readonly windows = new Map<number, WindowInfo>();
  /** Each window's app icon (title bar and shelf). */
  private readonly icons = new WindowIcons();

  constructor(
    private readonly root: HTMLElement,
    private readonly shelf: HTMLElement,
    private readonly canvases: SurfaceCanvases,
    private readonly send: Send,
  ) {
    window.addEventListener('pointermove', (e) => this.dragMove(e));
    window.addEventListener('pointerup', () => {
      this.dragging = null;
      this.resizing = null;
    });
  }

  /** True while a title bar drag or frame resize is in progress (input is not for the apps). */
  get busy(): boolean {
    return this.dragging !== null || this.resizing !== null;
  }

  update(views: ViewDescription[], windows: WindowInfo[]): void {
    const seenViews = new Set<number>();
    const seenSurfaces = new Set<number>();
    views.forEach((v, z) => {
      seenViews.add(v.id);
      let el = this.views.get(v.id);
      if (!el) {
        el = document.createElement('div');
        el.className = 'view';
        this.root.appendChild(el);
        this.views.set(v.id, el);
      }
      el.style.transform = `translate(${v.x}px, ${v.y}px)`;
      el.style.zIndex = String(z + 1);
      el.classList.toggle('focused', !!v.window?.focused);
      el.dataset['window'] = v.window ? String(v.window.id) : '';
      el.dataset['title'] = v.window?.title ?? '';
      this.frame(el, v);
      this.hitArea(el, v);
      for (const s of v.surfaces) {
        seenSurfaces.add(s.id);
        const c = this.canvases.resize(s.id, s.bufferWidth, s.bufferHeight);
        c.style.left = `${s.x}px`;
        c.style.top = `${s.y}px`;
        c.style.width = `${s.width}px`;
        c.style.height = `${s.height}px`;
        if (c.parentElement !== el) el.appendChild(c);
        el.appendChild(c); // keep stacking order of surfaces
      }
    });
    for (const [id, el] of this.views)
      if (!seenViews.has(id)) {
        el.remove();
        this.views.delete(id);
      }
    this.canvases.retain(seenSurfaces);
    this.updateShelf(windows);
  }

  /** Draws (or removes) the decoration frame of a window view. */
  private frame(el: HTMLDivElement, v: ViewDescription): void {
    const w = v.window;
    let frame = el.querySelector<HTMLDivElement>(':scope > .frame');
    // A maximized window fills the desktop; style.css lets its title bar slide in from the top edge.
    el.classList.toggle('maximized', !!w?.maximized);
    if (!w || !w.decorated || w.fullscreen) {
      frame?.remove();
      return;
    }
    if (!frame) frame = this.createFrame(el);
    frame.style.left = `${w.x - v.x}px`;
    frame.style.top = `${w.y - v.y - TITLEBAR_HEIGHT}px`;
    frame.style.width = `${w.width}px`;
    frame.style.height = `${w.height + TITLEBAR_HEIGHT}px`;
    frame.dataset['window'] = String(w.id);
    frame.querySelector('.title')!.textContent = w.title || w.appId;
    this.icons.apply(frame.querySelector<HTMLImageElement>('img.app-icon')!, w);
    const max = frame.querySelector<HTMLButtonElement>('button.maximize')!;
    max.textContent = w.maximized ? '❐' : '□';
    max.title = w.maximized ? 'Restore' : 'Maximize';
  }

  /**
   * The part of a view that takes the pointer in the page: a window's geometry (not the shadow
   * a client draws around it), or a popup's surfaces. Canvases take none (style.css), so a
   * title bar under another window's shadow stays clickable. Events over a hit area, like those
   * over the bare desktop, go to exo, which finds the surface by its input regions.
   */
  private hitArea(el: HTMLDivElement, v: ViewDescription): void {
    let hit = el.querySelector<HTMLDivElement>(':scope > .hit');
    if (!hit) {
      hit = document.createElement('div');
      hit.className = 'hit';
      el.appendChild(hit);
    }
    const w = v.window;
    let box = w ? { x: w.x - v.x, y: w.y - v.y, width: w.width, height: w.height } : null;
    if (!box || box.width <= 0 || box.height <= 0) {
      let x1 = Infinity;
      let y1 = Infinity;
      let x2 = -Infinity;
      let y2 = -Infinity;
      for (const s of v.surfaces) {
        x1 = Math.min(x1, s.x);
        y1 = Math.min(y1, s.y);
        x2 = Math.max(x2, s.x + s.width);
        y2 = Math.max(y2, s.y + s.height);
      }
      box = { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
    }
    hit.style.left = `${box.x}px`;
    hit.style.top = `${box.y}px`;
    hit.style.width = `${box.width}px`;
    hit.style.height = `${box.height}px`;
  }

  private createFrame(el: HTMLDivElement): HTMLDivElement {
    const frame = document.createElement('div');
    frame.className = 'frame';
    frame.innerHTML =
      '<div class="titlebar"><img class="app-icon" alt="" width="16" height="16" draggable="false"><span class="title"></span>' +
      '<button class="menu" title="Window menu (app scale)">⋮</button>' +
      '<button class="minimize" title="Minimize">–</button>' +
      '<button class="maximize" title="Maximize">□</button>' +
      '<button class="close" title="Close">✕</button></div>' +
      '<div class="resize-handle"></div>';
    el.prepend(frame);
    const id = (): number => Number(frame.dataset['window']);
    const bar = frame.querySelector<HTMLDivElement>('.titlebar')!;
    frame.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      this.send({ t: 'action', window: id(), action: 'activate' });
    });
    bar.addEventListener('pointerdown', (e) => {
      if ((e.target as HTMLElement).tagName === 'BUTTON' || e.button !== 0) return;
      const r = frame.getBoundingClientRect();
      this.dragging = { id: id(), dx: e.clientX - r.left, dy: e.clientY - (r.top + TITLEBAR_HEIGHT) };
    });
    bar.addEventListener('dblclick', () => {
      const maximized = frame.querySelector('button.maximize')!.textContent === '❐';
      this.send({ t: 'action', window: id(), action: maximized ? 'unmaximize' : 'maximize' });
    });
    const button = (cls: string, action: () => string): void =>
      frame.querySelector(`button.${cls}`)!.addEventListener('click', (e) => {
        e.stopPropagation();
        this.send({ t: 'action', window: id(), action: action() });
      });
    button('minimize', () => 'minimize');
    button('maximize', () =>
      frame.querySelector('button.maximize')!.textContent === '❐' ? 'unmaximize' : 'maximize',
    );
    button('close', () => 'close');
    const menuButton = frame.querySelector<HTMLButtonElement>('button.menu')!;
    menuButton.addEventListener('click', (e) => {
      e.stopPropagation();
      const r = menuButton.getBoundingClientRect();
      this.openMenu(id(), r.left, r.bottom);
    });
    const handle = frame.querySelector<HTMLDivElement>('.resize-handle')!;
    handle.style.right = '-7px';
    handle.style.bottom = '-7px';
    handle.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      const r = frame.getBoundingClientRect();
      this.resizing = { id: id(), x: e.clientX, y: e.clientY, w: r.width, h: r.height - TITLEBAR_HEIGHT };
    });
    return frame;
  }

  private openMenu(id: number, x: number, y: number): void {
    const w = this.windows.get(id);
    if (w) this.menu.show(w, x, y);
  }

  private dragMove(e: PointerEvent): void {
    if (this.dragging) {
      const d = this.dragging;
      this.send({
        t: 'action',
        window: d.id,
        action: 'move',
        x: Math.round(e.clientX - d.dx),
        y: Math.round(e.clientY - d.dy),
      });
    } else if (this.resizing) {
      const r = this.resizing;
      const width = Math.max(64, Math.round(r.w + e.clientX - r.x));
      const height = Math.max(48, Math.round(r.h + e.clientY - r.y));
      this.send({ t: 'action', window: r.id, action: 'resize', width, height });
    }
  }

  private updateShelf(windows: WindowInfo[]): void {
    const buttons: HTMLButtonElement[] = [];
    this.windows.clear();
    for (const w of windows) this.windows.set(w.id, w);
    for (const w of windows) {
      if (w.parent !== null) continue;
      const b = document.createElement('button');
      const label = w.title || w.appId || `window ${w.id}`;
      const icon = this.icons.image(w, 16);
      icon.style.marginRight = '6px';
      b.append(icon, label);
      b.title = label;
      b.dataset['window'] = String(w.id);
      b.classList.toggle('focused', w.focused);
      b.classList.toggle('minimized', w.minimized);
      b.addEventListener('click', () =>
        this.send({ t: 'action', window: w.id, action: w.focused && !w.minimized ? 'minimize' : 'activate' }),
      );
      b.addEventListener('contextmenu', (e) => {
        e.preventDefault();
        // Opens upwards: the shelf sits at the bottom edge.
        this.openMenu(w.id, e.clientX, e.clientY - 280);
      });
      buttons.push(b);
    }
    this.shelf.replaceChildren(...buttons);
    this.icons.retain(new Set(windows.map((w) => w.id)));
  }
}
