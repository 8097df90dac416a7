import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, spawnExo } from './processes.js';

// TARTINE_DEBUG=wire: a WAYLAND_DEBUG-style dump a person can read.
describe('TARTINE_DEBUG=wire', () => {
  it('dumps requests and events of a real client, one readable line each', async () => {
    const exo = await spawnExo({ TARTINE_DEBUG: 'wire' });
    try {
      const r = await run('wayland-info', [], {
        WAYLAND_DISPLAY: exo.socket,
        XDG_RUNTIME_DIR: exo.runtimeDir,
      });
      assert.equal(r.code, 0, r.stderr);
      // Wait for the dump of the client's disconnect to reach us.
      const deadline = Date.now() + 5000;
      while (!/wl_registry#2\.bind\(/.test(exo.stderr()) && Date.now() < deadline)
        await new Promise((res) => setTimeout(res, 20));
      const dump = exo.stderr();
      assert.match(dump, /wl_display#1\.get_registry\(new id wl_registry#2\)/);
      assert.match(dump, /wl_registry#2\.bind\(\d+, new id wl_shm#\d+ v1\)/);
      assert.match(dump, /wl_display#1\.sync\(new id wl_callback#\d+\)/);
      assert.match(dump, /wl_registry#2\.global\(1, "wl_compositor", 6\)/);
      assert.match(dump, /wl_callback#\d+\.done\(\d+\)/);
      // Every dump line carries a timestamp and the area.
      const lines = dump.split('\n').filter((l) => l.includes(' wire: '));
      assert.ok(lines.length > 10, `${lines.length} wire lines`);
      for (const l of lines) assert.match(l, /^\[\s*\d+\.\d{3}\] wire: /);
    } finally {
      await exo.stop();
    }
  });
});
