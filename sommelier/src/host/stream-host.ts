import {
  connectLink,
  describeLinkAddress,
  type LinkAddress,
} from '../../../compositor/src/link/link-address.js';
import { LinkRole } from '../../../compositor/src/link/link-frames.js';
import { ChunkReads } from '../../../compositor/src/link/link-socket.js';
import { widenLinkBuffers } from '../../../compositor/src/link/socket-buffers.js';
import { StreamLink } from '../../../compositor/src/link/stream-link.js';
import type { Transport } from '../../../compositor/src/wire/transport.js';

/**
 * Sommelier's stream links to the host, one per address: every guest client is a channel on
 * the same stream (a VM needs one serial port or one TCP connection, not one per app). A link
 * that ended stays here, closed, so later clients fail with its reason rather than quietly
 * reconnecting behind the back of a sommelier that is shutting down; `openHostLink` (at
 * sommelier's start) replaces it.
 */
const links = new Map<string, { link: StreamLink; reason: Error | null }>();

/** Connects a new link to the host at `a` (replacing an ended one). */
export function openHostLink(a: LinkAddress): StreamLink {
  const key = describeLinkAddress(a);
  const have = links.get(key);
  if (have && !have.link.isClosed) return have.link;
  const entry: { link: StreamLink; reason: Error | null } = {
    link: null as unknown as StreamLink,
    reason: null,
  };
  const reads = new ChunkReads();
  const socket = connectLink(a, reads);
  widenLinkBuffers(socket);
  entry.link = new StreamLink(
    socket,
    { role: LinkRole.Guest, name: key, onClose: (reason) => (entry.reason = reason) },
    reads,
  );
  links.set(key, entry);
  return entry.link;
}

/** A new channel (one Wayland connection) on the link to `a`, opening the link if needed. */
export function hostLinkChannel(a: LinkAddress): Transport {
  const key = describeLinkAddress(a);
  const entry = links.get(key);
  if (!entry) return openHostLink(a).openChannel();
  if (entry.link.isClosed)
    throw new Error(`the link to the host is gone: ${entry.reason?.message ?? 'closed'}`);
  return entry.link.openChannel();
}

/** Closes the link to `a` (sommelier is stopping). */
export function closeHostLink(a: LinkAddress): void {
  const key = describeLinkAddress(a);
  links.get(key)?.link.close();
  links.delete(key);
}
