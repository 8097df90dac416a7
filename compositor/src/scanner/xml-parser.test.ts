import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScanError, childElements, parseXml, textOf, type XmlElement } from './xml-parser.js';

function fails(text: string, line: number, pattern: RegExp): void {
  assert.throws(
    () => parseXml(text, 'bad.xml'),
    (e: unknown) => {
      assert.ok(e instanceof ScanError, `expected a ScanError, got ${String(e)}`);
      assert.equal(e.file, 'bad.xml');
      assert.equal(e.line, line, `line of: ${e.message}`);
      assert.match(e.message, /^bad\.xml:\d+: /);
      assert.match(e.detail, pattern);
      return true;
    },
  );
}

describe('xml parser', () => {
  it('reads elements, attributes in both quote styles and self-closing tags', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<protocol name="p">\n  <interface name='i' version = "2"/>\n  <b a="x>y"></b>\n</protocol>\n`,
      'ok.xml',
    );
    assert.equal(root.name, 'protocol');
    assert.equal(root.line, 2);
    const [iface, b] = childElements(root) as [XmlElement, XmlElement];
    assert.deepEqual({ ...iface.attrs }, { name: 'i', version: '2' });
    assert.equal(iface.children.length, 0);
    assert.equal(iface.line, 3);
    assert.equal(b.attrs['a'], 'x>y');
  });

  it('decodes the predefined and numeric entities in text and attributes', () => {
    const root = parseXml(
      `<d s="&quot;a&quot; &amp; &apos;b&apos;">&lt;tag&gt; &amp;amp; &#65;&#x263a;</d>`,
      'ok.xml',
    );
    assert.equal(root.attrs['s'], `"a" & 'b'`);
    assert.equal(textOf(root), '<tag> &amp; A☺');
  });

  it('skips comments before, inside and after the root', () => {
    const root = parseXml(`<!-- a -->\n<r><!-- <x/> -->t<!--b-->u</r><!-- end -->\n`, 'ok.xml');
    assert.equal(textOf(root), 'tu');
    assert.equal(childElements(root).length, 0);
  });

  it('keeps attribute names like constructor apart from Object.prototype', () => {
    const root = parseXml('<r constructor="c"/>', 'ok.xml');
    assert.equal(root.attrs['constructor'], 'c');
    assert.equal(parseXml('<r/>', 'ok.xml').attrs['toString'], undefined);
  });

  it('reports malformed documents with file and line', () => {
    fails('<r>\n  <a>\n  </b>\n</r>', 3, /<\/b> does not match <a> opened on line 2/);
    fails('<r>\n<!-- open\n</r>', 2, /unterminated comment/);
    fails('<r>\n  <a x=1/>\n</r>', 2, /must be quoted/);
    fails('<r>\n\n &bogus; </r>', 3, /unknown or malformed entity "&bogus;"/);
    fails('<r>\n a & b</r>', 2, /malformed entity/);
    fails('<r>&constructor;</r>', 1, /entity/);
    fails('<r a="1"\n a="2"/>', 2, /duplicate attribute a/);
    fails('<r/>\n<s/>', 2, /after the root/);
    fails('<r>\n<![CDATA[x]]></r>', 2, /CDATA/);
    fails('<!DOCTYPE r>\n<r/>', 1, /DOCTYPE/);
    fails('<r>\n<a>\n', 2, /<a> is never closed/);
    fails('<r a="1"b="2"/>', 1, /whitespace/);
    fails('\n\n', 3, /root element/);
  });
});
