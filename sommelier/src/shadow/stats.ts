/**
 * Counters of the shadow buffer path, for tests, benchmarks and TARTINE_DEBUG=sommelier: how
 * many bytes the damage copies moved, and how often memory was reused rather than made.
 */
export const shadowStats = {
  /** Guest commits that copied into a shadow buffer. */
  copies: 0,
  /** Rows and bytes copied from guest buffers into shadow buffers. */
  rowsCopied: 0,
  bytesCopied: 0,
  /** Sealed memfds created, and shadow buffers taken from the free list instead. */
  slabsCreated: 0,
  reused: 0,
  /** Bytes of shadow memory alive now (busy, owned by surfaces, or on free lists). */
  bytesHeld: 0,
  /** Guest reads that came back short (a pool truncated under us): the rest was zero-filled. */
  shortReads: 0,
};

export type ShadowStats = typeof shadowStats;

/** A copy of the counters (to diff before and after an action). */
export function snapshotShadowStats(): ShadowStats {
  return { ...shadowStats };
}
