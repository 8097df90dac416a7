import { emitClient } from './emit-client.js';
import { emitServer } from './emit-server.js';
import { emitSpec } from './emit-spec.js';
import { readProtocol } from './protocol-model.js';
import { ProtocolSet } from './protocol-set.js';
import { parseXml } from './xml-parser.js';

export interface SourceFile {
  /** Path as given by the user: it names the file in error messages. */
  readonly path: string;
  readonly text: string;
}

export interface OutputFile {
  /** Relative to the output directory, with `/` separators: `spec/wayland.ts`. */
  readonly path: string;
  readonly text: string;
}

/**
 * Turns a set of protocol files into generated TypeScript. Pure: no file system access, so
 * tests can run it in memory. Throws `ScanError` for malformed or inconsistent input.
 */
export function generate(sources: readonly SourceFile[]): OutputFile[] {
  const protocols = sources.map((s) => readProtocol(parseXml(s.text, s.path), s.path));
  const set = new ProtocolSet(protocols);
  const out: OutputFile[] = [];
  for (const p of protocols) {
    out.push({ path: `spec/${p.base}.ts`, text: emitSpec(p) });
    out.push({ path: `server/${p.base}.ts`, text: emitServer(p, set) });
    out.push({ path: `client/${p.base}.ts`, text: emitClient(p, set) });
  }
  return out;
}
