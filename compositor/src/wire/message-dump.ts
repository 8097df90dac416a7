import type { InterfaceSpec, MessageSpec } from './spec.js';
import { WireReader } from './wire-reader.js';

/**
 * Formats a message for protocol dumps (`TARTINE_DEBUG=wire`), like libwayland's
 * WAYLAND_DEBUG: `wl_surface#3.attach(wl_buffer#5, 0, 0)`. It reads with its own reader so
 * the real decode is untouched, and prints fds without taking them.
 */
const dumpReader = new WireReader(Buffer.alloc(4));

export function formatMessage(
  buf: Buffer,
  start: number,
  size: number,
  iface: InterfaceSpec,
  id: number,
  msg: MessageSpec,
): string {
  dumpReader.setBuffer(buf);
  dumpReader.begin(start, size);
  const parts: string[] = [];
  try {
    for (const a of msg.args) {
      switch (a.type) {
        case 'i':
          parts.push(String(dumpReader.int()));
          break;
        case 'u':
          parts.push(String(dumpReader.uint()));
          break;
        case 'f':
          parts.push(dumpReader.fixed().toFixed(3));
          break;
        case 's': {
          const s = dumpReader.stringOrNull();
          parts.push(s === null ? 'nil' : JSON.stringify(s));
          break;
        }
        case 'o': {
          const o = dumpReader.object();
          parts.push(o === 0 ? 'nil' : `${a.interface ?? '?'}#${o}`);
          break;
        }
        case 'n':
          if (a.interface === null) {
            const name = dumpReader.string();
            const version = dumpReader.uint();
            parts.push(`new id ${name}#${dumpReader.uint()} v${version}`);
          } else parts.push(`new id ${a.interface}#${dumpReader.uint()}`);
          break;
        case 'a':
          parts.push(`array[${dumpReader.array().byteLength}]`);
          break;
        case 'h':
          parts.push('fd');
          break;
      }
    }
  } catch (e) {
    parts.push(`<malformed: ${(e as Error).message}>`);
  }
  return `${iface.name}#${id}.${msg.name}(${parts.join(', ')})`;
}
