import { closeFd } from '../../../compositor/src/native/libc.js';
import { pipe } from '../../../compositor/src/native/shared-memory.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Display } from '../../../compositor/src/server/display.js';
import type { DataSource } from './data-source.js';
import { readAllAndClose, writeAllAndClose } from './fd-transfer.js';

/**
 * Rewrites what one client pastes or drops from another's source, for the few types whose
 * meaning depends on who reads them (file URLs: each guest sees other paths). Returns null when
 * the bytes may pass as they are; that is the case for almost every transfer, which then goes
 * straight from the source's pipe to the reader's without exo in between.
 */
export type TransferFilter = (
  mime: string,
  from: Client | null,
  to: Client,
) => ((bytes: Buffer) => Buffer) | null;

/** What a rewritten transfer may hold: file lists are small. */
const MAX_FILTERED_BYTES = 4 * 1024 * 1024;

const filters = new WeakMap<Display, TransferFilter>();

export function setTransferFilter(display: Display, filter: TransferFilter | null): void {
  if (filter) filters.set(display, filter);
  else filters.delete(display);
}

/**
 * `source.send(mime, fd)` on behalf of `reader`: straight through, or read whole, rewritten and
 * written to the reader when a filter asks for it. Takes ownership of `fd`.
 */
export function sendFiltered(source: DataSource, mime: string, fd: number, reader: Client): void {
  const rewrite = filters.get(reader.display)?.(mime, source.client, reader) ?? null;
  if (!rewrite) return source.send(mime, fd);
  let r: number;
  let w: number;
  try {
    [r, w] = pipe(true);
  } catch {
    closeFd(fd);
    return;
  }
  source.send(mime, w); // takes the write end
  readAllAndClose(r, { maxBytes: MAX_FILTERED_BYTES }).then(
    // writeAllAndClose owns `fd` from here, failing or not.
    (bytes) => writeAllAndClose(fd, rewrite(bytes)).catch(() => {}),
    () => closeFd(fd), // the source failed or sent too much: the reader sees an empty answer
  );
}
