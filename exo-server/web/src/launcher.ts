/**
 * The launcher: the apps installed in each running guest (from garcon through cicerone), with
 * their icons; a click launches one. Also the guests' "open this URL" requests, which become new
 * browser tabs — never a navigation of the desktop page itself.
 */
interface GuestApp {
  desktopFileId: string;
  name: string;
  comment?: string;
  icon: string | null;
  noDisplay: boolean;
}

interface GuestApps {
  guest: string;
  apps: GuestApp[];
}

export class Launcher {
  private readonly button: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private readonly toast: HTMLDivElement;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: HTMLElement) {
    this.button = document.createElement('button');
    this.button.id = 'launcher-button';
    this.button.title = 'Apps';
    this.button.textContent = '▦';
    this.panel = document.createElement('div');
    this.panel.id = 'launcher';
    this.panel.hidden = true;
    this.toast = document.createElement('div');
    this.toast.id = 'toast';
    this.toast.hidden = true;
    host.append(this.button, this.panel, this.toast);
    this.button.addEventListener('click', () => {
      this.panel.hidden = !this.panel.hidden;
      if (!this.panel.hidden) void this.refresh();
    });
    void this.refresh();
    this.listen();
  }

  private async refresh(): Promise<void> {
    let data: { guests: GuestApps[] };
    try {
      const r = await fetch('/api/guests/apps', { credentials: 'same-origin' });
      if (!r.ok) throw new Error(`${r.status}`);
      data = (await r.json()) as { guests: GuestApps[] };
    } catch {
      this.panel.replaceChildren(note('No guest is running. Start one with: vmc start penguin'));
      return;
    }
    if (data.guests.length === 0) {
      this.panel.replaceChildren(note('No guest is running. Start one with: vmc start penguin'));
      return;
    }
    const groups: HTMLElement[] = [];
    for (const g of data.guests) {
      const apps = g.apps.filter((a) => !a.noDisplay).sort((a, b) => a.name.localeCompare(b.name));
      if (apps.length === 0) continue;
      const section = document.createElement('section');
      const h = document.createElement('h3');
      h.textContent = g.guest;
      section.append(h);
      for (const a of apps) section.append(this.entry(g.guest, a));
      groups.push(section);
    }
    this.panel.replaceChildren(...(groups.length ? groups : [note('No apps found in the running guests.')]));
  }

  private entry(guest: string, app: GuestApp): HTMLButtonElement {
    const b = document.createElement('button');
    b.className = 'app';
    b.title = app.comment || app.name;
    if (app.icon) {
      const img = document.createElement('img');
      img.src = app.icon;
      img.alt = '';
      img.width = img.height = 32;
      b.append(img);
    }
    const label = document.createElement('span');
    label.textContent = app.name;
    b.append(label);
    b.addEventListener('click', () => void this.launch(guest, app));
    return b;
  }

  private async launch(guest: string, app: GuestApp): Promise<void> {
    this.panel.hidden = true;
    const r = await fetch(`/api/guests/${encodeURIComponent(guest)}/launch`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ desktopFileId: app.desktopFileId }),
    }).catch(() => null);
    if (!r || !r.ok) {
      const msg = r
        ? ((await r.json().catch(() => ({}))) as { error?: string }).error
        : 'the desktop is not reachable';
      this.show(`Could not start ${app.name}: ${msg ?? r?.status}`);
    }
  }

  /** Guest events: app lists changed, or a guest asks to open a URL in a new tab. */
  private listen(): void {
    const events = new EventSource('/api/guests/events');
    events.addEventListener('apps-changed', () => {
      if (!this.panel.hidden) void this.refresh();
    });
    events.addEventListener('open-url', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { guest: string; url: string };
      if (!/^(https?|mailto):/i.test(data.url)) return;
      const tab = window.open(data.url, '_blank', 'noopener,noreferrer');
      // Pop-up blockers allow only tabs opened from a click: offer the link instead.
      if (!tab) this.offerLink(data.guest, data.url);
    });
  }

  private offerLink(guest: string, url: string): void {
    const a = document.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = url;
    a.addEventListener('click', () => (this.toast.hidden = true));
    // Stays until used: an earlier message's timeout must not hide the link.
    clearTimeout(this.toastTimer);
    this.toast.replaceChildren(`${guest} wants to open `, a);
    this.toast.hidden = false;
  }

  private show(text: string): void {
    clearTimeout(this.toastTimer);
    this.toast.textContent = text;
    this.toast.hidden = false;
    this.toastTimer = setTimeout(() => (this.toast.hidden = true), 6000);
  }
}

function note(text: string): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}
