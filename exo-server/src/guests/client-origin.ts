import * as fs from 'node:fs';
import type { Client } from '../../../compositor/src/server/client.js';
import type { RunningGuest } from './running-guests.js';

/**
 * Where a Wayland client runs: straight on the host (it shares exo's files), in a running
 * guest (it sees the host only through that guest's shares), or somewhere exo cannot tell.
 *
 * Decided from the connection, never from what the client says: the kernel's peer credentials
 * give the pid that connected, and a process belongs to a guest when the guest's first process
 * is among its ancestors or it lives in that guest's pid namespace. A guest cannot move its
 * processes out of its own tree or namespace, so it cannot pass for another guest or the host.
 */
export type ClientOrigin =
  { kind: 'host' } | { kind: 'guest'; guest: RunningGuest } | { kind: 'unknown'; reason: string };

const MAX_DEPTH = 64;

function parentOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so cut at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return 0;
  }
}

function pidNamespace(pid: number | 'self'): string | null {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

/** The guest `pid` runs in, by ancestry or pid namespace; null when none of `guests`. */
export function guestOfPid(pid: number, guests: readonly RunningGuest[]): RunningGuest | null {
  if (guests.length === 0) return null;
  const byPid = new Map(guests.map((g) => [g.pid, g]));
  let p = pid;
  for (let depth = 0; p > 1 && depth < MAX_DEPTH; depth++) {
    const hit = byPid.get(p);
    if (hit) return hit;
    p = parentOf(p);
  }
  // Started into the guest from the host side (vsh's nsenter): not a descendant, but inside.
  // (Never by exo's own namespace: a guest without one of its own would claim every host app.)
  const ns = pidNamespace(pid);
  if (ns === null || ns === pidNamespace('self')) return null;
  return guests.find((g) => pidNamespace(g.pid) === ns) ?? null;
}

export function originOfPid(pid: number | undefined, guests: readonly RunningGuest[]): ClientOrigin {
  if (!pid)
    return {
      kind: 'unknown',
      reason: 'it is connected through a host link, which does not tell which guest it belongs to',
    };
  const guest = guestOfPid(pid, guests);
  if (guest) return { kind: 'guest', guest };
  const ns = pidNamespace(pid);
  if (ns === null) return { kind: 'unknown', reason: `its process (pid ${pid}) is gone` };
  if (ns === pidNamespace('self')) return { kind: 'host' };
  return { kind: 'unknown', reason: 'it runs in a container that is no running guest' };
}

/** Where `client` runs, given the running guests (see RunningGuests). */
export function originOfClient(client: Client, guests: readonly RunningGuest[]): ClientOrigin {
  return originOfPid(client.credentials?.pid, guests);
}
