import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptySettings, readSettingsFile, type AppSettings } from './app-settings.js';

/** Changes closer together than this are read once (editors and renames write in steps). */
const DEBOUNCE_MS = 100;

/**
 * The per-app settings as sommelier uses them: read at start and again whenever the file
 * changes. The directory is watched rather than the file, since an atomic write (temp + rename)
 * replaces the file and a watch on the old one would go quiet. A bad file is reported on stderr
 * with its name and problem, and the last good settings stay in effect.
 */
export class SettingsStore {
  private current: AppSettings = emptySettings();
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(s: AppSettings) => void>();

  constructor(
    readonly file: string,
    private readonly report: (msg: string) => void = (m) => process.stderr.write(`sommelier: ${m}\n`),
  ) {
    this.reload();
  }

  get settings(): AppSettings {
    return this.current;
  }

  /** Starts following changes to the file (creating nothing: a missing directory is not watched). */
  watch(): this {
    if (this.watcher) return this;
    const dir = path.dirname(this.file);
    const name = path.basename(this.file);
    try {
      this.watcher = fs.watch(dir, { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name) this.schedule();
      });
      this.watcher.on('error', (e) => this.report(`stopped watching ${dir}: ${e.message}`));
    } catch (e) {
      this.report(`cannot watch ${dir} for settings changes: ${(e as Error).message}`);
    }
    return this;
  }

  /** Called with the new settings after every successful re-read. Returns an unsubscribe. */
  onChange(cb: (s: AppSettings) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Reads the file now; returns false (and reports why) when it is bad. */
  reload(): boolean {
    try {
      this.current = readSettingsFile(this.file);
    } catch (e) {
      this.report(
        `ignoring the per-app settings in ${(e as Error).message}; the previous settings stay in effect`,
      );
      return false;
    }
    for (const cb of [...this.listeners]) cb(this.current);
    return true;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reload();
    }, DEBOUNCE_MS);
  }
}
