// wayland-info, a real libwayland client, sees every global exo offers, at the same versions,
// and among them every global the exo issue lists, at the version it names.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WlCompositorProxy } from '../../protos/gen/client/wayland.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { TestClient } from '../harness/wayland-test-client.js';

/** The globals of the issue, with the version exo must advertise (at least, for those marked). */
const REQUIRED: Array<[string, number]> = [
  ['wl_compositor', 6],
  ['wl_subcompositor', 1],
  ['wl_shm', 1],
  ['wl_output', 4],
  ['zxdg_output_manager_v1', 3],
  ['wp_viewporter', 1],
  ['wp_fractional_scale_manager_v1', 1],
  ['wp_presentation', 1],
  ['zxdg_decoration_manager_v1', 1],
  ['xdg_wm_base', 5],
  ['wl_seat', 8],
  ['wl_data_device_manager', 3],
];

/** The five wl_shm formats the issue asks for, as wayland-info prints their fourcc. */
const SHM_FORMATS = [
  "0 = 'AR24'",
  "1 = 'XR24'",
  "0x34324241 = 'AB24'",
  "0x34324258 = 'XB24'",
  "0x36314752 = 'RG16'",
];

let exo: ExoProcess;
let ours: TestClient;
let stdout = '';
/** `interface vN` as wayland-info printed them. */
let listed: string[] = [];

before(async () => {
  exo = await startExoProcess();
  ours = await TestClient.connect(exo.wayland);
  const info = exo.spawnClient('wayland-info', []);
  const exit = await info.exited;
  assert.equal(exit.code, 0, `wayland-info failed: ${info.tail()}`);
  stdout = info.stdout;
  listed = [...stdout.matchAll(/^interface: '([^']+)',\s*version:\s*(\d+),\s*name:\s*\d+/gm)].map(
    (m) => `${m[1]} v${m[2]}`,
  );
});
after(async () => {
  ours?.close();
  await exo?.stop();
});

test('wayland-info lists every global exo registers, at the same versions', () => {
  const expected = ours.globals.map((g) => `${g.interface} v${g.version}`).sort();
  assert.deepEqual([...listed].sort(), expected);
});

for (const [iface, version] of REQUIRED) {
  test(`wayland-info lists ${iface} v${version}`, () => {
    assert.ok(listed.includes(`${iface} v${version}`), `${iface} v${version} among ${listed.join(', ')}`);
  });
}

test('wl_shm offers ARGB8888, XRGB8888, ABGR8888, XBGR8888 and RGB565', () => {
  const section = /^interface: 'wl_shm'.*\n((?:\t.*\n)*)/m.exec(stdout)?.[1] ?? '';
  for (const f of SHM_FORMATS)
    assert.match(section, new RegExp(`^\\s*${f.replace(/[()]/g, '\\$&')}$`, 'm'), f);
});

test('wl_output v4 has a name and a description, and xdg_output repeats them', () => {
  const output = /^interface: 'wl_output'.*\n((?:\t.*\n)*)/m.exec(stdout)?.[1] ?? '';
  assert.match(output, /^\tname: \S+$/m);
  assert.match(output, /^\tdescription: \S.*$/m);
  const name = /^\tname: (\S+)$/m.exec(output)![1]!;
  const xdg = /^interface: 'zxdg_output_manager_v1'.*\n((?:\t.*\n)*)/m.exec(stdout)?.[1] ?? '';
  assert.match(xdg, new RegExp(`name: '${name}'`));
  assert.match(xdg, /logical_width: \d+, logical_height: \d+/);
});

test('wl_region comes from wl_compositor: create, add, subtract, use and destroy it', async () => {
  const compositor = ours.bind(WlCompositorProxy);
  const region = compositor.createRegion();
  region.add(0, 0, 100, 100);
  region.subtract(10, 10, 20, 20);
  const surface = compositor.createSurface();
  surface.setInputRegion(region);
  surface.setOpaqueRegion(region);
  region.destroy();
  surface.commit();
  surface.destroy();
  await ours.roundtrip();
  assert.equal(ours.conn.error, null);
});
