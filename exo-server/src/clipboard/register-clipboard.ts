import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_SPOOL_BYTES,
  DEFAULT_TIMEOUT_MS,
} from '../data-device/fd-transfer.js';
import { selectionsOf, type SelectionKind } from '../data-device/selections.js';
import type { Exo } from '../exo.js';
import { HostClipboard } from './host-clipboard.js';
import { SPOOL_ABOVE } from './upload.js';
import { SHARE_NOTHING, type PathMapper } from './uri-list.js';

/** Bounds of reading a guest's selection: in memory, spooled to a file, and in time. */
export interface ClipboardLimits {
  maxBytes?: number;
  maxSpoolBytes?: number;
  timeoutMs?: number;
}

/** The host clipboard and the host primary selection of one exo, and how file paths map. */
export class HostClipboards {
  readonly clipboard: HostClipboard;
  readonly primary: HostClipboard;
  private mapper: PathMapper = SHARE_NOTHING;

  constructor(exo: Exo, opts: ClipboardLimits = {}) {
    const selections = selectionsOf(exo);
    const options = {
      maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
      // Past a pipe's worth, a guest's copy goes to a file (spliced, never in memory), up to 1 GiB.
      spoolAbove: SPOOL_ABOVE,
      maxSpoolBytes: opts.maxSpoolBytes ?? DEFAULT_MAX_SPOOL_BYTES,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      pathMapper: () => this.mapper,
      log: (m: string) => process.stderr.write(`tartine exo: clipboard: ${m}\n`),
    };
    this.clipboard = new HostClipboard(selections, 'clipboard', options);
    this.primary = new HostClipboard(selections, 'primary', options);
  }

  of(kind: SelectionKind): HostClipboard {
    return kind === 'primary' ? this.primary : this.clipboard;
  }

  /**
   * Installs how `file:` URLs translate between host and guest paths (the shared folders).
   * Until then nothing is shared, and file URLs are dropped both ways.
   */
  setPathMapper(mapper: PathMapper): void {
    this.mapper = mapper;
  }
}

const registry = new WeakMap<Exo, HostClipboards>();

/**
 * Installs the host clipboard: from now on a guest's selection is read as soon as it is set.
 * Needs the data device (registerDataDevice first).
 */
export function registerClipboard(exo: Exo, opts: ClipboardLimits = {}): HostClipboards {
  const existing = registry.get(exo);
  if (existing) return existing;
  const c = new HostClipboards(exo, opts);
  registry.set(exo, c);
  return c;
}

/** The host clipboards of a running exo (installed on first use if registerClipboard was not called). */
export function hostClipboardsOf(exo: Exo): HostClipboards {
  return registry.get(exo) ?? registerClipboard(exo);
}
