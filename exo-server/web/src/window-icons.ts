import type { WindowInfo } from './protocol.js';

/**
 * Window icons for the shelf and the title bars: exo says which app a window is
 * (GET /api/windows/<id>/app, matched to its guest's or the host's desktop entries) and where
 * its icon is; windows of no known app, and icons that fail to load, get a generic one.
 * Asked once per window and app id.
 */

/** A plain window glyph, drawn in the page's own colours. */
export const GENERIC_ICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
      '<rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="#e8eaed" stroke="#5f6368"/>' +
      '<rect x="2" y="3" width="12" height="2.5" fill="#5f6368"/></svg>',
  );

interface Known {
  appId: string;
  icon: Promise<string | null>;
}

export class WindowIcons {
  private readonly known = new Map<number, Known>();

  /** The icon URL of window `w` (null: generic), asked from exo when its app id is new. */
  private iconOf(w: WindowInfo): Promise<string | null> {
    const k = this.known.get(w.id);
    if (k && k.appId === w.appId) return k.icon;
    const icon = fetch(`/api/windows/${w.id}/app`, { credentials: 'same-origin' })
      .then(async (r) => (r.ok ? ((await r.json()) as { icon: string | null }).icon : null))
      .catch(() => null);
    this.known.set(w.id, { appId: w.appId, icon });
    return icon;
  }

  /** Forgets windows that are gone. */
  retain(ids: ReadonlySet<number>): void {
    for (const id of this.known.keys()) if (!ids.has(id)) this.known.delete(id);
  }

  /** An <img> showing window `w`'s icon, `px` CSS pixels square (updated once exo answers). */
  image(w: WindowInfo, px: number): HTMLImageElement {
    const img = document.createElement('img');
    img.className = 'app-icon';
    img.alt = '';
    img.width = img.height = px;
    img.draggable = false;
    Object.assign(img.style, { flex: 'none', verticalAlign: 'middle' });
    this.apply(img, w);
    return img;
  }

  /** Points `img` at window `w`'s icon; `data-icon` says which: 'app' or 'generic'. */
  apply(img: HTMLImageElement, w: WindowInfo): void {
    if (img.dataset['for'] === `${w.id}|${w.appId}`) return;
    img.dataset['for'] = `${w.id}|${w.appId}`;
    const known = this.known.get(w.id);
    if (!known || known.appId !== w.appId) this.show(img, null);
    void this.iconOf(w).then((url) => {
      if (img.dataset['for'] === `${w.id}|${w.appId}`) this.show(img, url);
    });
  }

  private show(img: HTMLImageElement, url: string | null): void {
    const size = Math.round(img.width * Math.max(1, window.devicePixelRatio || 1));
    const src = url ? `${url}?size=${size}` : GENERIC_ICON;
    if (img.getAttribute('src') === src) return;
    img.onerror = url ? () => this.show(img, null) : null;
    img.dataset['icon'] = url ? 'app' : 'generic';
    img.src = src;
  }
}
