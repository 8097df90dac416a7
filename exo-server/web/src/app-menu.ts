import type { WindowInfo } from './protocol.js';

/** The scales the window menu offers. */
export const SCALES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

interface AppSettingsView {
  default: { scale?: number };
  apps: Record<string, { scale?: number }>;
}

/**
 * A window's menu: the scale of its app, written to the per-app settings sommelier follows
 * (PUT /api/app-settings/<appId>, authenticated by the page's cookie). Windows from sommelier
 * have app ids `GUEST:APP_ID`; the setting is keyed by APP_ID. A client keeps the scale it
 * connected with, so a choice applies from the app's next launch, and the menu says so.
 */
export class AppMenu {
  private el: HTMLDivElement | null = null;

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
      this.item(el, `${Math.round(s * 100)}%`, () => void this.choose(appId, s, items, status)),
    );
    items.forEach((b, i) => (b.dataset['scale'] = String(SCALES[i])));
    const reset = this.item(el, 'Default', () => void this.reset(appId, items, status));
    reset.dataset['scale'] = 'default';
    el.appendChild(status);
    void this.load(appId, items, status);
  }

  private async load(appId: string, items: HTMLButtonElement[], status: HTMLElement): Promise<void> {
    try {
      const s = (await this.api('GET', '/api/app-settings')) as AppSettingsView;
      const own = Object.hasOwn(s.apps, appId) ? s.apps[appId]?.scale : undefined;
      this.check(items, own ?? s.default.scale ?? 1);
      status.textContent =
        own === undefined
          ? 'Default scale. A change applies at the app’s next launch.'
          : 'A change applies at the app’s next launch.';
    } catch (e) {
      status.textContent = `Cannot read the app settings: ${(e as Error).message}`;
    }
  }

  private async choose(
    appId: string,
    scale: number,
    items: HTMLButtonElement[],
    status: HTMLElement,
  ): Promise<void> {
    try {
      await this.api('PUT', `/api/app-settings/${encodeURIComponent(appId)}`, { scale });
      this.check(items, scale);
      status.textContent = `Set to ${Math.round(scale * 100)}%: applies at the app’s next launch (open windows keep their scale).`;
    } catch (e) {
      status.textContent = `Could not save: ${(e as Error).message}`;
    }
  }

  private async reset(appId: string, items: HTMLButtonElement[], status: HTMLElement): Promise<void> {
    try {
      await this.api('DELETE', `/api/app-settings/${encodeURIComponent(appId)}`);
      await this.load(appId, items, status);
      status.textContent = 'Back to the default scale from the app’s next launch.';
    } catch (e) {
      status.textContent = `Could not save: ${(e as Error).message}`;
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
