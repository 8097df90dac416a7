import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import type { App, GetIconsRequest, Icon, LaunchAppRequest } from '../grpc/messages.js';
import { scanApps } from './app-list.js';
import type { DesktopEntry } from './desktop-entry.js';
import { findIcon } from './icons.js';
import { entryArgv, launch } from './launch-app.js';

/** Most icons one GetIcons call returns (the page asks per screenful). */
const MAX_ICONS = 200;

/** The Garcon service's logic (protos/grpc/garcon.proto), over the guest's current app list. */
export class GarconService {
  private apps: DesktopEntry[] = [];

  constructor(
    private readonly guest: string,
    /** Whether sommelier serves (resolves once it has started or failed). */
    private readonly graphics: Promise<boolean>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.rescan();
  }

  /** Re-reads the desktop files; true when the list changed. */
  rescan(): boolean {
    const before = JSON.stringify(this.list());
    this.apps = scanApps(this.env);
    return JSON.stringify(this.list()) !== before;
  }

  list(): App[] {
    return this.apps.map(({ hidden: _h, type: _t, tryExec: _x, path: _p, ...app }) => app);
  }

  private entry(id: string): DesktopEntry {
    const e = this.apps.find((a) => a.desktopFileId === id);
    if (!e) {
      // A file installed a moment ago may not have been seen yet.
      this.rescan();
      const again = this.apps.find((a) => a.desktopFileId === id);
      if (again) return again;
      throw new GuestError(
        GuestErrorCode.unknown,
        `guest '${this.guest}' has no application '${id}' (no ${id}.desktop under XDG_DATA_DIRS); list them with: vmc launch ${this.guest} --list`,
      );
    }
    return e;
  }

  async launchApp(req: LaunchAppRequest): Promise<{ pid: number }> {
    let argv: string[];
    if (req.command.length > 0) argv = req.command;
    else if (req.desktopFileId) argv = entryArgv(this.entry(req.desktopFileId), req.files);
    else throw new GuestError(GuestErrorCode.agent, 'nothing to launch: give a desktop file id or a command');
    const pid = await launch({ guest: this.guest, argv, scale: req.scale, graphics: await this.graphics });
    return { pid };
  }

  getIcons(req: GetIconsRequest): { icons: Icon[] } {
    const icons: Icon[] = [];
    for (const id of req.desktopFileIds.slice(0, MAX_ICONS)) {
      const e = this.apps.find((a) => a.desktopFileId === id);
      const file = e ? findIcon(e.icon, req.size, req.scale, this.env) : null;
      if (file) icons.push({ desktopFileId: id, format: file.format, content: file.content });
    }
    return { icons };
  }
}
