import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from './generate.js';
import { readProtocol } from './protocol-model.js';
import { ProtocolSet } from './protocol-set.js';
import { ScanError, parseXml } from './xml-parser.js';

const read = (text: string, path = 'dir/test-proto.xml') => readProtocol(parseXml(text, path), path);

/** Wraps interface bodies in a protocol document, one interface per line pair. */
const proto = (...ifaces: string[]) =>
  `<protocol name="t">\n${ifaces.map((b, i) => `<interface name="t_${i}" version="2">\n${b}\n</interface>`).join('\n')}\n</protocol>`;

function fails(files: Record<string, string>, file: string, line: number, pattern: RegExp): void {
  assert.throws(
    () => generate(Object.entries(files).map(([path, text]) => ({ path, text }))),
    (e: unknown) => {
      assert.ok(e instanceof ScanError, `expected a ScanError, got ${String(e)}`);
      assert.equal(`${e.file}:${e.line}`, `${file}:${line}`, e.message);
      assert.match(e.detail, pattern);
      return true;
    },
  );
}

describe('protocol model', () => {
  it('reads messages, args, enums and defaults', () => {
    const p = read(`<protocol name="t">
      <copyright>
        Line one
          indented

        Line two
      </copyright>
      <interface name="t_thing" version="3">
        <description summary="a thing">  Some text.  </description>
        <request name="destroy" type="destructor"/>
        <request name="set" since="2">
          <arg name="v" type="uint" enum="mode" summary="value"/>
          <arg name="o" type="object" interface="t_thing" allow-null="true"/>
        </request>
        <event name="done"><arg name="fd" type="fd"/></event>
        <enum name="mode" bitfield="true">
          <entry name="a" value="0x10"/>
          <entry name="b" value="32" since="3"/>
        </enum>
      </interface>
    </protocol>`);
    assert.equal(p.base, 'test-proto');
    assert.equal(p.copyright, 'Line one\nindented\n\nLine two');
    const [t] = p.interfaces;
    assert.ok(t);
    assert.deepEqual(t.description, { summary: 'a thing', text: 'Some text.' });
    assert.deepEqual(
      t.requests.map((m) => [m.name, m.opcode, m.since, m.destructor]),
      [
        ['destroy', 0, 1, true],
        ['set', 1, 2, false],
      ],
    );
    const [v, o] = t.requests[1]!.args;
    assert.equal(v?.type, 'u');
    assert.equal(v?.enum, 'mode');
    assert.equal(o?.type, 'o');
    assert.equal(o?.nullable, true);
    assert.equal(t.events[0]?.args[0]?.type, 'h');
    assert.deepEqual(
      t.enums[0]?.entries.map((e) => [e.name, e.value, e.since]),
      [
        ['a', 16, 1],
        ['b', 32, 3],
      ],
    );
  });

  it('rejects invalid protocol XML with file and line', () => {
    const one = (body: string, line: number, pattern: RegExp) =>
      fails({ 'x.xml': proto(body) }, 'x.xml', line, pattern);
    one('<request name="r"><arg name="a" type="long"/></request>', 3, /unknown argument type long/);
    one('<request name="r"><arg name="a" type="int" allow-null="true"/></request>', 3, /allow-null/);
    one('<event name="e"><arg name="id" type="new_id"/></event>', 3, /new_id without interface/);
    one('<request name="r" since="3"/>', 3, /since version 3, above its interface's 2/);
    one('<request name="r"/>\n<request name="r"/>', 4, /duplicate request r/);
    one(
      '<request name="r"><arg name="a" type="int"/><arg name="a" type="uint"/></request>',
      3,
      /duplicate argument a/,
    );
    one('<enum name="e"><entry name="x" value="-1"/></enum>', 3, /not a decimal or hexadecimal uint/);
    one('<requets name="r"/>', 3, /<requets> is not allowed inside <interface>/);
    one('<request name="bad-name"/>', 3, /not a valid identifier/);
    one('<request><arg name="a" type="int"/></request>', 3, /needs a name attribute/);
    one('<request name="r" type="weird"/>', 3, /unknown message type weird/);
  });

  it('reports references to unknown interfaces and enums', () => {
    fails(
      {
        'a.xml': proto(
          '<request name="r">\n<arg name="o" type="object" interface="nowhere_v1"/>\n</request>',
        ),
      },
      'a.xml',
      4,
      /t_0\.r refers to unknown interface nowhere_v1/,
    );
    fails(
      { 'a.xml': proto('<request name="r">\n<arg name="v" type="uint" enum="t_0.nope"/>\n</request>') },
      'a.xml',
      4,
      /unknown enum t_0\.nope/,
    );
    fails(
      { 'a.xml': proto('<request name="r">\n<arg name="v" type="uint" enum="other.mode"/>\n</request>') },
      'a.xml',
      4,
      /enum of unknown interface: other\.mode/,
    );
  });

  it('resolves interfaces across files and rejects duplicates', () => {
    const a = read(
      proto('<request name="r"><arg name="o" type="object" interface="u_x"/></request>'),
      'a.xml',
    );
    const b = read('<protocol name="u"><interface name="u_x" version="1"/></protocol>', 'sub/b.xml');
    const set = new ProtocolSet([a, b]);
    assert.equal(set.ownerOf('u_x').base, 'b');
    assert.equal(set.ownerOf('t_0').base, 'a');
    fails(
      {
        'a.xml': '<protocol name="a"><interface name="x" version="1"/></protocol>',
        'b.xml': '<protocol name="b">\n<interface name="x" version="1"/></protocol>',
      },
      'b.xml',
      2,
      /interface x is also defined in a\.xml/,
    );
    fails(
      { 'a/p.xml': '<protocol name="a"/>', 'b/p.xml': '<protocol name="b"/>' },
      'b/p.xml',
      1,
      /same files/,
    );
  });
});
