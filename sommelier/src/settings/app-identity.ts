import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Which app a new guest client is, before it says so: a client's scale must be chosen when it
 * connects (every size it is told depends on it), but its app id only arrives later with
 * `xdg_toplevel.set_app_id`. So sommelier guesses from the client's executable (the basename of
 * `/proc/<pid>/exe`, else `/proc/<pid>/comm`: `foot`, `weston-simple-shm`), and remembers which
 * app id each executable set, so the next launch of `gnome-calculator` finds the settings of
 * `org.gnome.Calculator`. Rule, in order: the app id this executable set before, then the
 * executable's name, then the default.
 */
export class AppIdentity {
  /** Executable name → the app id its clients set last. */
  private readonly learned = new Map<string, string>();

  /** The name of a process's executable, or null when it cannot be read (gone, other user). */
  static executableOf(pid: number | undefined): string | null {
    if (!pid || pid <= 0) return null;
    try {
      const exe = path.basename(fs.readlinkSync(`/proc/${pid}/exe`));
      // A replaced binary reads as "name (deleted)".
      return exe.replace(/ \(deleted\)$/, '') || null;
    } catch {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || null;
      } catch {
        return null;
      }
    }
  }

  /** The settings keys for a client with executable `exe`, best first. */
  keysFor(exe: string | null): string[] {
    if (!exe) return [];
    const id = this.learned.get(exe);
    return id && id !== exe ? [id, exe] : [exe];
  }

  /** A client of executable `exe` set app id `appId`: its next launch is looked up by that id. */
  learn(exe: string | null, appId: string): void {
    if (exe && appId) this.learned.set(exe, appId);
  }
}
