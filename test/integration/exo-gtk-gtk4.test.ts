// GTK 4 on exo, driven only through the control API: the primary menu is a popover (an
// xdg_popup in GTK 4) below its button, slid back onto the desktop when the window reaches
// the right edge, and closed by a click outside; F1 opens the About dialog, a transient
// window centred on its parent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { assertCentredDialog, DESKTOP, openAndDismiss, startGtk, type GtkExo } from './exo-gtk-fixture.js';

let g: GtkExo;

before(async () => {
  g = await startGtk('gtk4-widget-factory', 'gtk4-widget-factory');
});
after(() => g?.stop());

test('the primary menu popover opens below its button, on the desktop, and closes on a click outside', async () => {
  const { win } = g;
  // Below the window is the empty desktop.
  const outside = { x: DESKTOP.width / 2, y: DESKTOP.height - 10 };
  assert.ok(win.y + win.height < outside.y, `the window ends above ${outside.y}: ${JSON.stringify(win)}`);
  // The ☰ button at the right of the header bar (GTK 4.8, Adwaita, scale 1).
  const { rect, anchor } = await openAndDismiss(g, win.width - 72, 22, 'primary menu', outside);
  assert.ok(rect.y >= anchor.y + anchor.height, 'below its button');
  assert.ok(win.x + rect.x + rect.width <= DESKTOP.width, 'not past the right edge of the desktop');
  // Centred under a button near the right edge it would stick out: slid back to the edge.
  const centred = win.x + anchor.x + Math.floor(anchor.width / 2) - Math.floor(rect.width / 2);
  if (centred + rect.width > DESKTOP.width) assert.equal(win.x + rect.x + rect.width, DESKTOP.width, 'slid');
});

test('F1 opens the About dialog: a transient window of the main one, centred on it', async () => {
  const before = await g.screenshot();
  await g.key('F1');
  const dialog = await assertCentredDialog(g, before, /About/);
  await g.api('POST', `/api/windows/${dialog.id}`, { action: 'close' });
  await waitFor('the dialog to close', async () => !(await g.windows()).some((w) => w.id === dialog.id));
  assert.ok((await g.windows()).some((w) => w.id === g.win.id));
});
