import type { Send } from './desktop.js';

/**
 * The browser clipboard and the guests'.
 *
 * Paste: a paste key (Ctrl+V, Ctrl+Shift+V, Shift+Insert) is held back; the page reads the
 * browser clipboard (the async Clipboard API, else the `paste` event the key causes), sends it
 * to exo (POST /api/paste), which offers it to the focused guest client, and only then sends
 * the key, so the app pastes what the user had. Keys typed meanwhile wait in order behind it.
 *
 * Copy: when a guest client copies, exo sends {t:'clipboard'}; the page writes it to the
 * browser clipboard while it has focus, or on the next focus or click when it does not (or the
 * browser refused).
 */

interface ClipboardMessage {
  t: 'clipboard';
  version: number;
  mimeTypes: string[];
  text?: string;
}

interface Item {
  mime: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const MAX_PASTE_BYTES = 64 * 1024 * 1024;
/** Browser clipboard types sent to exo, with the name exo takes them as. */
const PASTE_TYPES: Record<string, string> = {
  'text/plain': 'text/plain;charset=utf-8',
  'text/html': 'text/html',
  'image/png': 'image/png',
};

export class ClipboardBridge {
  /** Key messages waiting for a paste to reach exo (null: none pending). */
  private queue: Array<{ code: string; down: boolean }> | null = null;
  /** The paste event's data, for when the async Clipboard API is refused. */
  private pasteEvent: Promise<Item[]> | null = null;
  private resolvePasteEvent: ((items: Item[]) => void) | null = null;
  /** A guest copy not yet written to the browser clipboard. */
  private unwritten: ClipboardMessage | null = null;

  constructor(private readonly send: Send) {
    // Capture phase on window: runs before input.ts's listeners, which it may stop.
    window.addEventListener('keydown', (e) => this.key(e, true), true);
    window.addEventListener('keyup', (e) => this.key(e, false), true);
    document.addEventListener('paste', (e) => this.pasted(e));
    window.addEventListener('focus', () => void this.flushCopy());
    window.addEventListener('pointerdown', () => void this.flushCopy(), true);
  }

  /** Handles exo's clipboard message; false for other messages. */
  receive(msg: { t: string }): boolean {
    if (msg.t !== 'clipboard') return false;
    const m = msg as ClipboardMessage;
    if (!Array.isArray(m.mimeTypes)) return true;
    this.unwritten = m;
    void this.flushCopy();
    return true;
  }

  private key(e: KeyboardEvent, down: boolean): void {
    if (e.target instanceof HTMLSelectElement || !e.code) return;
    const paste =
      down &&
      !e.repeat &&
      ((e.ctrlKey && e.code === 'KeyV' && !e.altKey && !e.metaKey) ||
        (e.shiftKey && e.code === 'Insert' && !e.ctrlKey));
    if (!paste && this.queue === null) return; // input.ts sends it
    e.stopImmediatePropagation();
    if (paste) {
      // Not preventDefault: the browser's paste event is the fallback source of the data.
      if (this.queue !== null) {
        this.queue.push({ code: e.code, down });
        return;
      }
      this.queue = [{ code: e.code, down }];
      void this.paste();
      return;
    }
    e.preventDefault();
    if (!e.repeat) this.queue!.push({ code: e.code, down });
  }

  private pasted(e: ClipboardEvent): void {
    e.preventDefault();
    const resolve = this.resolvePasteEvent;
    if (!resolve || !e.clipboardData) return;
    const data = e.clipboardData;
    const wanted = Object.keys(PASTE_TYPES).filter((t) => data.types.includes(t));
    const items: Array<Promise<Item | null>> = wanted.map(async (t) => {
      if (t === 'image/png') {
        const f = [...data.files].find((x) => x.type === 'image/png');
        return f ? { mime: PASTE_TYPES[t]!, bytes: new Uint8Array(await f.arrayBuffer()) } : null;
      }
      return { mime: PASTE_TYPES[t]!, bytes: new TextEncoder().encode(data.getData(t)) };
    });
    void Promise.all(items).then((all) => resolve(all.filter((i): i is Item => i !== null)));
  }

  private async paste(): Promise<void> {
    this.pasteEvent = new Promise((resolve) => (this.resolvePasteEvent = resolve));
    try {
      const items = await this.readClipboard();
      if (items.length > 0) await this.upload(items);
    } catch (e) {
      console.warn(`tartine: the paste could not reach the app: ${(e as Error).message}`);
    } finally {
      this.resolvePasteEvent = null;
      this.pasteEvent = null;
      const keys = this.queue ?? [];
      this.queue = null;
      for (const k of keys) this.send({ t: 'key', code: k.code, down: k.down });
    }
  }

  /** The browser clipboard's text, HTML and PNG. */
  private async readClipboard(): Promise<Item[]> {
    try {
      const out: Item[] = [];
      for (const ci of await navigator.clipboard.read())
        for (const t of ci.types) {
          const mime = PASTE_TYPES[t];
          if (!mime || out.some((o) => o.mime === mime)) continue;
          out.push({ mime, bytes: new Uint8Array(await (await ci.getType(t)).arrayBuffer()) });
        }
      return out;
    } catch {
      // Refused (no permission): the paste event the key causes carries the data.
      const timeout = new Promise<Item[]>((r) => setTimeout(() => r([]), 1000));
      return Promise.race([this.pasteEvent ?? Promise.resolve([]), timeout]);
    }
  }

  private async upload(items: Item[]): Promise<void> {
    let size = 0;
    const kept = items.filter((i) => (size += i.bytes.length) <= MAX_PASTE_BYTES);
    const header = new TextEncoder().encode(
      JSON.stringify({ items: kept.map((i) => ({ mime: i.mime, size: i.bytes.length })) }),
    );
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, header.length, true);
    const r = await fetch('/api/paste', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: new Blob([len, header, ...kept.map((i) => i.bytes)]),
    });
    if (!r.ok) throw new Error(`exo answered ${r.status}: ${await r.text()}`);
  }

  /** Writes the last guest copy to the browser clipboard, if the page may now. */
  private async flushCopy(): Promise<void> {
    const m = this.unwritten;
    if (!m || !document.hasFocus()) return;
    try {
      const parts: Record<string, Blob> = {};
      if (m.text !== undefined) parts['text/plain'] = new Blob([m.text], { type: 'text/plain' });
      for (const [mime, type] of [
        ['text/plain;charset=utf-8', 'text/plain'],
        ['text/html', 'text/html'],
        ['image/png', 'image/png'],
      ] as const) {
        if (parts[type] || !m.mimeTypes.includes(mime)) continue;
        const r = await fetch(`/api/clipboard?mime=${encodeURIComponent(mime)}`);
        if (r.ok) parts[type] = new Blob([await r.arrayBuffer()], { type });
      }
      if (this.unwritten !== m) return; // a newer copy came meanwhile
      try {
        await navigator.clipboard.write([new ClipboardItem(parts)]);
      } catch (e) {
        if (m.text === undefined) throw e;
        await navigator.clipboard.writeText(m.text);
      }
      if (this.unwritten === m) this.unwritten = null;
    } catch {
      // No focus or no permission: kept for the next focus or click.
    }
  }
}
