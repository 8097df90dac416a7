import { c, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './libc.js';
import { nativeAddressNumber } from './native-memory.js';

/**
 * Gives the memory behind a shared mapping back now, rather than when the garbage collector
 * gets round to its Buffer (a koffi view cannot be detached, so the mapping itself may only go
 * then): the range is replaced in place by fresh anonymous memory, which holds no page until
 * touched, and the memfd it mapped is freed once the host closes it too. A stale reader sees
 * zeros instead of crashing. Returns false (and changes nothing) when `map` is not a mapping
 * whose address we know.
 */
export function releasePages(map: Buffer): boolean {
  const address = nativeAddressNumber(map);
  if (address < 0 || map.byteLength === 0 || address % 4096 !== 0) return false;
  const got = c.mmapAt(
    address,
    map.byteLength,
    PROT_READ | PROT_WRITE,
    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
    -1,
    0,
  ) as number | bigint;
  return Number(got) === address;
}
