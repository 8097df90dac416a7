import { HttpError } from '../api/http-json.js';
import { SAME_FILES, sharedFoldersMapper, type PathMapper } from '../clipboard/uri-list.js';
import type { Exo } from '../exo.js';
import { originOfWindowClient } from './window-origin.js';

/** Where files dropped at a point go, and how the app there names them. */
export interface DropTarget {
  /** The host folder the files are written to. */
  folder: string;
  /** Host path → the path the app sees. */
  mapper: PathMapper;
  /** Who gets them, for messages: 'the host' or "guest 'penguin'". */
  who: string;
}

/**
 * The drop target under (x, y), desktop pixels: a client straight on exo gets files in exo's
 * own drop folder (`hostFolder`), a guest's client gets them in that guest's drop share,
 * named by their guest paths. Decided by the client's connection (window-origin.ts), so one
 * guest can never have files written into another's folder. Throws HttpError 409 (with a
 * message for the page) when no window is there, or its guest is unknown or has no drop share.
 */
export async function dropTargetAt(
  exo: Exo,
  x: number,
  y: number,
  hostFolder: () => string,
): Promise<DropTarget> {
  const hit = exo.scene.surfaceAt(x, y);
  if (!hit) throw new HttpError(409, `no window is at (${x}, ${y}) to drop on`, { result: 'no-target' });
  const origin = await originOfWindowClient(exo, hit.surface.resource.client);
  switch (origin.kind) {
    case 'host':
      return { folder: hostFolder(), mapper: SAME_FILES, who: 'the host' };
    case 'unknown':
      throw new HttpError(
        409,
        `files cannot be dropped on this window: exo does not know which running guest it belongs to (${origin.reason})`,
        { result: 'unknown-guest' },
      );
    case 'guest': {
      const g = origin.guest;
      const share = g.shares.find((s) => s.drop === true);
      if (!share)
        throw new HttpError(
          409,
          `guest '${g.name}' has no folder for dropped files yet; restart it (vmc stop ${g.name}; vmc start ${g.name}) to get one`,
          { result: 'no-drop-share' },
        );
      return { folder: share.hostPath, mapper: sharedFoldersMapper(g.shares), who: `guest '${g.name}'` };
    }
  }
}
