// wp_fractional_scale_v1: preferred_scale is 120 x the output scale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WpFractionalScaleManagerV1Proxy } from '../../protos/gen/client/fractional-scale-v1.js';
import { WpFractionalScaleManagerV1Error } from '../../protos/gen/spec/fractional-scale-v1.js';
import { startExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';

for (const scale of [1, 1.5, 2]) {
  test(`with --scale ${scale}, preferred_scale is ${Math.round(scale * 120)}`, async (t) => {
    const exo = await startExoProcess({ scale });
    const c = await TestClient.connect(exo.wayland);
    t.after(async () => {
      c.close();
      await exo.stop();
    });
    const manager = c.bind(WpFractionalScaleManagerV1Proxy);
    const received: number[] = [];
    manager.getFractionalScale(c.createSurface()).on({ preferredScale: (v) => received.push(v) });
    const first = await waitFor('preferred_scale', async () => {
      await c.roundtrip();
      return received[0];
    });
    assert.equal(first, Math.round(scale * 120));
  });
}

test('a second wp_fractional_scale_v1 for one surface is fractional_scale_exists', async (t) => {
  const exo = await startExoProcess();
  const c = await TestClient.connect(exo.wayland);
  t.after(async () => {
    c.close();
    await exo.stop();
  });
  const manager = c.bind(WpFractionalScaleManagerV1Proxy);
  const surface = c.createSurface();
  const first = manager.getFractionalScale(surface);
  // Destroying the first one frees the slot; the third request is the error.
  first.destroy();
  manager.getFractionalScale(surface);
  await c.roundtrip();
  assert.equal(c.conn.error, null);
  manager.getFractionalScale(surface);
  const err = await c.protocolError();
  assert.equal(err.interfaceName, 'wp_fractional_scale_manager_v1');
  assert.equal(err.code, WpFractionalScaleManagerV1Error.FractionalScaleExists);
});
