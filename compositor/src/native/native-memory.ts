import koffi from 'koffi';

/**
 * Buffers backed by native memory, so syscalls can point at them without a copy. The memory is
 * freed when its ArrayBuffer is collected: a koffi view cannot be detached, so freeing it
 * earlier would leave a Buffer that crashes the process when touched.
 */
// Addresses as numbers: user-space addresses (< 2^47) are exact in a double, and numbers spare
// the socket hot path a BigInt allocation per call.
const addresses = new WeakMap<ArrayBufferLike, number>();
const freeing = new FinalizationRegistry<unknown>((ptr) => koffi.free(ptr));

export function nativeBuffer(size: number): Buffer {
  const ptr = koffi.alloc('uint8', size);
  const ab = koffi.view(ptr, size) as ArrayBuffer;
  addresses.set(ab, Number(koffi.address(ptr) as bigint));
  freeing.register(ab, ptr);
  return Buffer.from(ab, 0, size);
}

/** The native address of `buf`'s first byte, if it was made by `nativeBuffer`. */
export function nativeAddress(buf: Uint8Array): bigint | undefined {
  const a = nativeAddressNumber(buf);
  return a < 0 ? undefined : BigInt(a);
}

/** The same as a number, or -1 when `buf` is not native memory. */
export function nativeAddressNumber(buf: Uint8Array): number {
  const base = addresses.get(buf.buffer);
  return base === undefined ? -1 : base + buf.byteOffset;
}

/** Records an ArrayBuffer that views native memory owned elsewhere (e.g. an mmap). */
export function registerNativeView(ab: ArrayBufferLike, address: bigint): void {
  addresses.set(ab, Number(address));
}

/** Scratch arena for msghdr/iovec/cmsg structures: one per process, syscalls are synchronous. */
export class Arena {
  readonly ptr: unknown;
  readonly address: bigint;
  readonly view: DataView;
  readonly bytes: Uint8Array;

  constructor(readonly size: number) {
    this.ptr = koffi.alloc('uint8', size);
    this.address = koffi.address(this.ptr) as bigint;
    const ab = koffi.view(this.ptr, size) as ArrayBuffer;
    this.view = new DataView(ab);
    this.bytes = new Uint8Array(ab);
  }
}
