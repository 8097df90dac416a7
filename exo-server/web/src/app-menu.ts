import type { WindowInfo } from './protocol.js';

/** The scales the window menu offers. */
export const SCALES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

interface AppSettingsView {
  default: { scale?: number };
  apps: Record<string, { scale?: number }>;
}

/** What a scale change did to a window, as seen from here. */
type Outcome = 'live' | 'next-launch';

/** How long a window has to change size after a new scale before we say it did not. */
const WATCH_MS = 2500;
const WATCH_STEP_MS = 150;

/**
 * A window's menu: the scale of its app, written to the per-app settings sommelier follows
 * (PUT /api/app-settings/<appId>, authenticated by the page's cookie). Windows from sommelier
 * have app ids `GUEST:APP_ID`; the setting is keyed by APP_ID. Sommelier applies a new scale at
 * once to running Wayland apps that follow scale changes, and at the next launch to the others
 * (X11 apps, apps that know of no display). Only sommelier knows which an app is, so the menu
 * watches the window: if it takes its new size, the scale applied live; if not, it waits for
 * the app's next launch. It says so, and remembers it for the window.
 */
export class AppMenu {
  private el: HTMLDivElement | null = null;
  private readonly outcomes = new Map<number, Outcome>();
  private current = 1;

  constructor() {
    // Capture phase: title bars stop their pointerdown from bubbling.
    window.addEventListener(
      'pointerdown',
      (e) => {
        if (this.el && !this.el.contains(e.target as Node)) this.close();
      },
      true,
    );
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  get open(): boolean {
    return this.el !== null;
  }

  close(): void {
    this.el?.remove();
    this.el = null;
  }

  /** Opens the menu of window `w` with its top left corner at (x, y), in page pixels. */
  show(w: WindowInfo, x: number, y: number): void {
    this.close();
    const el = document.createElement('div');
    el.className = 'app-menu';
    el.setAttribute('role', 'menu');
    el.dataset['window'] = String(w.id);
    el.style.left = `${Math.max(0, Math.min(x, window.innerWidth - 200))}px`;
    el.style.top = `${Math.max(0, Math.min(y, window.innerHeight - 280))}px`;
    el.addEventListener('pointerdown', (e) => e.stopPropagation());
    document.body.appendChild(el);
    this.el = el;
    const colon = w.appId.indexOf(':');
    const appId = colon >= 0 ? w.appId.slice(colon + 1) : '';
    const heading = this.line(el, 'heading', colon >= 0 ? `Scale of ${appId || 'this app'}` : 'App scale');
    heading.title = w.appId;
    if (colon < 0 || appId === '') {
      const why =
        colon < 0
          ? 'Not available: this window connects to exo directly, not through a guest’s sommelier, so it has no per-app scale.'
          : 'Not available: this app sets no app id, so its scale cannot be told apart from other apps’.';
      const item = this.item(el, 'Scale…', null);
      item.dataset['scale'] = 'unavailable';
      item.title = why;
      this.line(el, 'note', why);
      return;
    }
    const status = this.line(el, 'note', 'Loading…');
    const items = SCALES.map((s) =>
      this.item(el, `${Math.round(s * 100)}%`, () => void this.choose(w, appId, s, items, status)),
    );
    items.forEach((b, i) => (b.dataset['scale'] = String(SCALES[i])));
    const reset = this.item(el, 'Default', () => void this.reset(w, appId, items, status));
    reset.dataset['scale'] = 'default';
    el.appendChild(status);
    void this.load(w, appId, items, status);
  }

  /** Reads the app's scale; returns it. */
  private async load(
    w: WindowInfo,
    appId: string,
    items: HTMLButtonElement[],
    status: HTMLElement,
  ): Promise<number | null> {
    try {
      const s = (await this.api('GET', '/api/app-settings')) as AppSettingsView;
      const own = Object.hasOwn(s.apps, appId) ? s.apps[appId]?.scale : undefined;
      const scale = own ?? s.default.scale ?? 1;
      this.check(items, scale);
      this.current = scale;
      status.textContent = `${own === undefined ? 'Default scale. ' : ''}${this.howItApplies(w.id)}`;
      return scale;
    } catch (e) {
      status.textContent = `Cannot read the app settings: ${(e as Error).message}`;
      return null;
    }
  }

  private howItApplies(id: number): string {
    switch (this.outcomes.get(id)) {
      case 'live':
        return 'This window follows scale changes: a change applies at once.';
      case 'next-launch':
        return 'This window keeps its scale: a change applies at the app’s next launch.';
      default:
        return 'A change applies at once if the app follows scale changes (most Wayland apps), else at its next launch.';
    }
  }

  private async choose(
    w: WindowInfo,
    appId: string,
    scale: number,
    items: HTMLButtonElement[],
    status: HTMLElement,
  ): Promise<void> {
    const from = this.current;
    const before = await this.windowNow(w.id);
    try {
      await this.api('PUT', `/api/app-settings/${encodeURIComponent(appId)}`, { scale });
    } catch (e) {
      status.textContent = `Could not save: ${(e as Error).message}`;
      return;
    }
    this.check(items, scale);
    this.current = scale;
    await this.report(w.id, before, scale / from, `Set to ${Math.round(scale * 100)}%`, status);
  }

  private async reset(
    w: WindowInfo,
    appId: string,
    items: HTMLButtonElement[],
    status: HTMLElement,
  ): Promise<void> {
    const from = this.current;
    const before = await this.windowNow(w.id);
    try {
      await this.api('DELETE', `/api/app-settings/${encodeURIComponent(appId)}`);
    } catch (e) {
      status.textContent = `Could not save: ${(e as Error).message}`;
      return;
    }
    const to = await this.load(w, appId, items, status);
    if (to !== null) await this.report(w.id, before, to / from, 'Back to the default scale', status);
  }

  /**
   * Watches window `id` (its size `before` the change) for `ratio` times that size, and says
   * how the change applied to it.
   */
  private async report(
    id: number,
    before: WindowInfo | null,
    ratio: number,
    what: string,
    status: HTMLElement,
  ): Promise<void> {
    if (ratio === 1) {
      status.textContent = `${what}.`;
      return;
    }
    // Maximized or fullscreen, the host decides the size: there is nothing to watch.
    if (!before || before.maximized || before.fullscreen) {
      status.textContent = `${what}. ${this.howItApplies(id)}`;
      return;
    }
    status.textContent = `${what}…`;
    const want = before.width * ratio;
    const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(3, b * 0.03);
    let outcome: Outcome = 'next-launch';
    for (let t = 0; t < WATCH_MS; t += WATCH_STEP_MS) {
      const now = await this.windowNow(id);
      if (now && near(now.width, want)) {
        outcome = 'live';
        break;
      }
      await new Promise((r) => setTimeout(r, WATCH_STEP_MS));
    }
    this.outcomes.set(id, outcome);
    status.textContent =
      outcome === 'live'
        ? `${what}: applied to this window now.`
        : `${what}: applies at the app’s next launch (this window does not follow scale changes).`;
  }

  private async windowNow(id: number): Promise<WindowInfo | null> {
    try {
      return (await this.api('GET', `/api/windows/${id}`)) as WindowInfo;
    } catch {
      return null;
    }
  }

  private check(items: HTMLButtonElement[], scale: number): void {
    for (const b of items) {
      const on = Number(b.dataset['scale']) === scale;
      b.classList.toggle('checked', on);
      b.setAttribute('aria-checked', String(on));
    }
  }

  private async api(method: string, path: string, body?: object): Promise<unknown> {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
    return json;
  }

  private line(el: HTMLElement, cls: string, text: string): HTMLDivElement {
    const d = document.createElement('div');
    d.className = cls;
    d.textContent = text;
    el.appendChild(d);
    return d;
  }

  private item(el: HTMLElement, text: string, onClick: (() => void) | null): HTMLButtonElement {
    const b = document.createElement('button');
    b.textContent = text;
    b.setAttribute('role', 'menuitemradio');
    if (onClick) b.addEventListener('click', onClick);
    else b.disabled = true;
    el.appendChild(b);
    return b;
  }
}
