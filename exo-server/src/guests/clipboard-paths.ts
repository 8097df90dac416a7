import type { Client } from '../../../compositor/src/server/client.js';
import { hostClipboardsOf } from '../clipboard/register-clipboard.js';
import { selectionsOf } from '../data-device/selections.js';
import { parseMime } from '../clipboard/mime.js';
import {
  SAME_FILES,
  SHARE_NOTHING,
  sharedFoldersMapper,
  translateUriList,
  type PathMapper,
} from '../clipboard/uri-list.js';
import { setTransferFilter, type TransferFilter } from '../data-device/transfer-filter.js';
import type { Exo } from '../exo.js';
import { runningGuestsOf } from './running-guests.js';
import { originWithTags } from './window-origin.js';

/**
 * File paths on the host clipboard, with the same window → guest mapping as drops
 * (window-origin.ts): host paths go out for the client with keyboard focus (exo offers its
 * selection only to that client), guest paths come in from the client that owns the selection
 * being read (the clipboard's owner first, then the primary selection's). An app straight on
 * exo sees host paths as they are; a guest's app sees its shares' paths (/mnt/shared/...), and
 * files outside them are dropped; an app exo cannot place gets and gives no file paths at all.
 */
export function clientPaths(exo: Exo): PathMapper {
  const of = clientMapper(exo);
  return {
    perClient: true,
    toGuest: (p) => of(exo.seat.keyboardFocus?.resource.client).toGuest(p),
    toHost: (p) => {
      const selections = selectionsOf(exo);
      for (const s of [selections.clipboard, selections.primary]) {
        const mapped = s.source?.client ? of(s.source.client).toHost(p) : null;
        if (mapped !== null) return mapped;
      }
      return null;
    },
  };
}

/** The paths one client sees: host paths, its guest's shares, or none (a client exo cannot place). */
function clientMapper(exo: Exo): (client: Client | null | undefined) => PathMapper & { origin: string } {
  const guests = runningGuestsOf(exo);
  return (client) => {
    void guests.list(); // fresh for the next look (the mapper itself must answer now)
    if (!client) return { ...SHARE_NOTHING, origin: 'none' };
    const origin = originWithTags(exo, client, guests.known());
    if (origin.kind === 'host') return { ...SAME_FILES, origin: 'host' };
    if (origin.kind === 'guest')
      return { ...sharedFoldersMapper(origin.guest.shares), origin: `guest:${origin.guest.name}` };
    return { ...SHARE_NOTHING, origin: 'unknown' };
  };
}

/**
 * File URLs one client pastes or drops from another's source: a guest app's paths become the
 * host's, then the reader's (a host app's as they are, another guest's through its shares), and
 * paths the reader cannot see are dropped. Between clients that see the same files, nothing.
 */
function uriListBetweenClients(exo: Exo): TransferFilter {
  const of = clientMapper(exo);
  return (mime, from, to) => {
    if (!from || parseMime(mime)?.essence !== 'text/uri-list') return null;
    const source = of(from);
    const reader = of(to);
    // Two clients exo cannot place (a VM's link) may well share files: they pass as before.
    if (source.origin === reader.origin) return null;
    return (bytes) =>
      translateUriList(bytes, (p) => {
        const host = source.toHost(p);
        return host === null ? null : reader.toGuest(host);
      }).bytes;
  };
}

/**
 * Makes the host clipboard translate file paths per client (after registerClipboard). The
 * mapper must answer at once, so the running guests are looked up ahead: whenever a client
 * connects or keyboard focus moves, and every 2 s.
 */
export function installClipboardPaths(exo: Exo): void {
  hostClipboardsOf(exo).setPathMapper(clientPaths(exo));
  setTransferFilter(exo.display, uriListBetweenClients(exo));
  const guests = runningGuestsOf(exo);
  // A guest's sommelier connects when the guest starts: the list is fresh long before a copy.
  exo.display.onClientCreated(() => void guests.list(0));
  exo.seat.onKeyboardFocusChanged(() => void guests.list());
  // And now and then (one stat while no daemon runs, one gRPC call while one does).
  setInterval(() => void guests.list(), 2000).unref();
}
