/**
 * Counters of every stream link in this process, for tests, benchmarks and TARTINE_DEBUG=link:
 * how many bytes went each way and how much of it was shared memory.
 */
export const linkStats = {
  /** Bytes written to and read from link streams (frames and handshakes). */
  bytesOut: 0,
  bytesIn: 0,
  /** SHM_UPDATE frames sent, their total size (headers and range tables included) and their data. */
  shmUpdateFrames: 0,
  shmUpdateBytes: 0,
  shmDataBytes: 0,
  /** Wayland bytes sent (without framing). */
  waylandBytes: 0,
  /** Links dropped because the peer broke the protocol. */
  peersDropped: 0,
};

export type LinkStats = typeof linkStats;

export function snapshotLinkStats(): LinkStats {
  return { ...linkStats };
}
