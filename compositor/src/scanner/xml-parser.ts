/**
 * A small XML parser for the subset protocol files use: elements, attributes, text, comments,
 * processing instructions and the predefined and numeric entities. DOCTYPE and CDATA are
 * rejected rather than half-supported, so a surprising file fails loudly.
 */

/** An error in an input file, reported as `file:line: message`. */
export class ScanError extends Error {
  override readonly name = 'ScanError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

export interface XmlElement {
  readonly name: string;
  /** Attributes by name; a null-prototype object so names like `constructor` are safe. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** 1-based line of the start tag. */
  readonly line: number;
}

export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

class Parser {
  private pos = 0;
  /** Offsets where each line starts, for turning positions into line numbers. */
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  fail(message: string, pos = this.pos): never {
    throw new ScanError(this.file, this.lineAt(pos), message);
  }

  document(): XmlElement {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.misc();
    if (!this.text.startsWith('<', this.pos) || this.pos >= this.text.length)
      this.fail('expected a root element');
    const root = this.element();
    this.misc();
    if (this.pos < this.text.length) this.fail('unexpected content after the root element');
    return root;
  }

  /** Skips whitespace, comments and processing instructions outside the root element. */
  private misc(): void {
    for (;;) {
      this.space();
      if (this.text.startsWith('<!--', this.pos)) this.comment();
      else if (this.text.startsWith('<?', this.pos)) this.skipPast('?>', 'processing instruction');
      else if (this.text.startsWith('<!', this.pos))
        this.fail('DOCTYPE and other declarations are not supported');
      else return;
    }
  }

  private space(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  private name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail(`expected ${what}`);
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.text.indexOf(terminator, this.pos);
    if (end === -1) this.fail(`unterminated ${what}`);
    this.pos = end + terminator.length;
  }

  private comment(): void {
    this.skipPast('-->', 'comment');
  }

  private element(): XmlElement {
    const start = this.pos;
    this.pos++; // '<'
    const name = this.name('an element name');
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const before = this.pos;
      this.space();
      if (this.text.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attrs, children: [], line: this.lineAt(start) };
      }
      if (this.text.startsWith('>', this.pos)) {
        this.pos++;
        break;
      }
      if (this.pos >= this.text.length) this.fail(`unterminated start tag <${name}>`, start);
      if (this.pos === before) this.fail(`expected whitespace before an attribute in <${name}>`);
      const attrPos = this.pos;
      const attr = this.name('an attribute name');
      this.space();
      if (this.text[this.pos] !== '=') this.fail(`attribute ${attr} has no value`);
      this.pos++;
      this.space();
      const quote = this.text[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`value of attribute ${attr} must be quoted`);
      const end = this.text.indexOf(quote, this.pos + 1);
      if (end === -1) this.fail(`unterminated value of attribute ${attr}`, attrPos);
      const raw = this.text.slice(this.pos + 1, end);
      if (raw.includes('<')) this.fail(`'<' in the value of attribute ${attr}`, attrPos);
      if (attr in attrs) this.fail(`duplicate attribute ${attr}`, attrPos);
      attrs[attr] = this.decode(raw, this.pos + 1);
      this.pos = end + 1;
    }
    const children = this.content(name, start);
    return { name, attrs, children, line: this.lineAt(start) };
  }

  /** Reads children up to and including the matching end tag. */
  private content(name: string, start: number): XmlNode[] {
    const children: XmlNode[] = [];
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt === -1) this.fail(`element <${name}> is never closed`, start);
      if (lt > this.pos) children.push(this.decode(this.text.slice(this.pos, lt), this.pos));
      this.pos = lt;
      if (this.text.startsWith('</', lt)) {
        this.pos += 2;
        const closing = this.name('an element name');
        if (closing !== name)
          this.fail(`</${closing}> does not match <${name}> opened on line ${this.lineAt(start)}`, lt);
        this.space();
        if (this.text[this.pos] !== '>') this.fail(`expected '>' to end </${closing}>`);
        this.pos++;
        return children;
      }
      if (this.text.startsWith('<!--', lt)) this.comment();
      else if (this.text.startsWith('<![CDATA[', lt)) this.fail('CDATA sections are not supported');
      else if (this.text.startsWith('<?', lt)) this.skipPast('?>', 'processing instruction');
      else if (this.text.startsWith('<!', lt)) this.fail('declarations are not allowed inside elements');
      else children.push(this.element());
    }
  }

  /** Replaces entity references in text or an attribute value that starts at `at`. */
  private decode(raw: string, at: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string, offset: number) => {
      const bad = (): never => this.fail(`unknown or malformed entity ${JSON.stringify(whole)}`, at + offset);
      if (!whole.endsWith(';')) return bad();
      const named = PREDEFINED.get(ref);
      if (named !== undefined) return named;
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      if (!m) return bad();
      const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return bad();
      return String.fromCodePoint(code);
    });
  }
}

/** Parses a whole document; `file` names it in error messages. */
export function parseXml(text: string, file: string): XmlElement {
  return new Parser(text, file).document();
}

/** Child elements of `el`, skipping text. */
export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

/** Concatenated text content of `el` (direct text children only; protocol text has no markup). */
export function textOf(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === 'string').join('');
}
