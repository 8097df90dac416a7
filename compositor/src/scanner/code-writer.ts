import type { Description } from './protocol-model.js';

/** Lines longer than this are split where the writer knows how (argument lists, doc text). */
export const MAX_LINE = 110;

/**
 * Accumulates generated source with 2-space indentation. Emitters describe structure
 * (`open`/`close`, `list`, `doc`) and the writer decides layout, so every file looks alike.
 */
export class CodeWriter {
  private readonly out: string[] = [];
  private depth = 0;

  private get indent(): string {
    return '  '.repeat(this.depth);
  }

  line(text = ''): this {
    // Never two blank lines in a row, and none right after an opening brace.
    if (text === '') {
      const last = this.out[this.out.length - 1];
      if (last === undefined || last === '' || /[{[(]$/.test(last)) return this;
    }
    this.out.push(text === '' ? '' : this.indent + text);
    return this;
  }

  open(text: string): this {
    this.line(text);
    this.depth++;
    return this;
  }

  close(text = '}'): this {
    this.depth--;
    // Drop a blank line left just before a closing brace.
    if (this.out[this.out.length - 1] === '') this.out.pop();
    // An empty block closes on its opening line: `interface X {}`.
    const last = this.out[this.out.length - 1];
    if (last !== undefined && last.endsWith('{') && text.startsWith('}')) {
      this.out[this.out.length - 1] = last + text;
      return this;
    }
    return this.line(text);
  }

  /** Closes a block and opens the next on the same line: `} else {`. */
  middle(text: string): this {
    this.depth--;
    this.line(text);
    this.depth++;
    return this;
  }

  /** Whether `text` fits on one line at the current indentation. */
  fits(text: string): boolean {
    return this.indent.length + text.length <= MAX_LINE;
  }

  /**
   * `head(a, b, c)tail` on one line when it fits, else one item per line with trailing commas.
   * `head` ends with the opening bracket and `tail` starts with the closing one.
   */
  list(head: string, items: readonly string[], tail: string, sep = ','): this {
    const single = `${head}${items.join(`${sep} `)}${tail}`;
    if (items.length === 0 || this.indent.length + single.length <= MAX_LINE) return this.line(single);
    this.open(head.trimEnd());
    for (const it of items) this.line(`${it}${sep}`);
    this.depth--;
    return this.line(tail.trimStart());
  }

  /** `list` that opens a block, for signatures: `name(a, b): T {`. */
  openList(head: string, items: readonly string[], tail: string): this {
    this.list(head, items, tail);
    this.depth++;
    return this;
  }

  /** A `/** ... *\/` block; nothing when `lines` is empty. */
  doc(lines: readonly string[]): this {
    if (lines.length === 0) return this;
    const width = MAX_LINE - this.indent.length - 3;
    const safe = lines.flatMap((l) => wrap(l.replace(/\*\//g, '*\\/'), width));
    if (safe.length === 1 && this.indent.length + safe[0]!.length + 7 <= MAX_LINE)
      return this.line(`/** ${safe[0]} */`);
    this.line('/**');
    for (const l of safe) this.line(l === '' ? ' *' : ` * ${l}`);
    return this.line(' */');
  }

  /** A plain `/* ... *\/` block, for copyright notices. */
  block(lines: readonly string[]): this {
    this.line('/*');
    for (const l of lines) this.line(l === '' ? ' *' : ` * ${l.replace(/\*\//g, '*\\/')}`);
    return this.line(' */');
  }

  toString(): string {
    while (this.out[this.out.length - 1] === '') this.out.pop();
    return this.out.join('\n') + '\n';
  }
}

/** Splits `text` at spaces into lines of at most `width` (a longer single word stays whole). */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  out.push(cur);
  return out;
}

export interface DocParts {
  /** Shown before the summary, e.g. `wl_surface`. */
  title?: string;
  description?: Description | null;
  /** Used when there is no description (e.g. an `arg` or `entry` summary). */
  summary?: string | null;
  /** Extra paragraph lines after the description text. */
  notes?: readonly string[];
  params?: ReadonlyArray<readonly [name: string, summary: string | null]>;
  since?: number;
  returns?: string | undefined;
}

/** Doc comment lines: summary, body text, then `@param`/`@returns`/`@since` tags. */
export function docLines(p: DocParts): string[] {
  const out: string[] = [];
  const summary = p.description?.summary ?? p.summary ?? null;
  const head = [p.title, summary].filter((s): s is string => !!s).join(': ');
  if (head !== '') out.push(head);
  const text = p.description?.text ?? '';
  if (text !== '') {
    if (out.length > 0) out.push('');
    out.push(...text.split('\n'));
  }
  if (p.notes && p.notes.length > 0) {
    if (out.length > 0) out.push('');
    out.push(...p.notes);
  }
  const tags: string[] = [];
  for (const [name, s] of p.params ?? []) if (s) tags.push(`@param ${name} ${s}`);
  if (p.returns) tags.push(`@returns ${p.returns}`);
  if (p.since !== undefined && p.since > 1) tags.push(`@since ${p.since}`);
  if (tags.length > 0) {
    if (out.length > 0) out.push('');
    out.push(...tags);
  }
  return out;
}

/** The comment every generated file starts with. */
export function header(w: CodeWriter, source: string, copyright: string | null): void {
  w.line(`// @generated by the Tartine Wayland scanner from ${source}: do not edit.`);
  w.line('// Regenerate with `npm run gen` after changing the XML or the scanner.');
  w.line();
  if (copyright !== null) {
    w.block([`Protocol copyright notice, from ${source}:`, '', ...copyright.split('\n')]);
    w.line();
  }
}
