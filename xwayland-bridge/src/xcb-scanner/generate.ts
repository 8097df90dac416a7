import { emitX11 } from './emit-x11.js';
import { readXcbProtocol, type XcbProtocol } from './xcb-model.js';

export interface SourceFile {
  /** Path as given: it names the file in error messages and in the generated header. */
  readonly path: string;
  readonly text: string;
}

export interface OutputFile {
  /** Relative to the output directory: `xproto.ts`. */
  readonly path: string;
  readonly text: string;
}

/**
 * xcb-proto XML files → one TypeScript file each. Pure (no file system), so tests run it in
 * memory. All files are read first so that an extension's references to xproto resolve.
 */
export function generateX11(sources: readonly SourceFile[]): OutputFile[] {
  const protos = new Map<string, XcbProtocol>();
  const names = new Map<string, string>();
  for (const s of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    const p = readXcbProtocol(s.text, s.path);
    protos.set(p.header, p);
    names.set(p.header, s.path.slice(s.path.lastIndexOf('/') + 1));
  }
  return [...protos.values()].map((p) => ({
    path: `${p.header}.ts`,
    text: emitX11(p, protos, names.get(p.header)!),
  }));
}
