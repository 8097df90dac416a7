// GTK 3 on exo, driven only through the control API: a combo box entry's drop-down and a combo
// box menu open where their xdg_positioner puts them, next to the widget clicked, and a click
// outside closes them; the About dialog is a transient window centred on its parent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { assertCentredDialog, changed, openAndDismiss, startGtk, type GtkExo } from './exo-gtk-fixture.js';

let g: GtkExo;
/** The empty desktop below the window. */
const OUTSIDE = { x: 1590, y: 990 };

before(async () => {
  g = await startGtk('gtk3-widget-factory', 'gtk3-widget-factory');
});
after(() => g?.stop());

// Widget positions are window-geometry coordinates of gtk3-widget-factory's first page
// (GTK 3.24, Adwaita, scale 1).

test('the combo box entry drop-down opens right below the entry and closes on a click outside', async () => {
  const { rect, anchor } = await openAndDismiss(g, 354, 73, 'drop-down', OUTSIDE);
  assert.equal(rect.y, anchor.y + anchor.height, 'its top edge touches the bottom of the entry');
  assert.equal(rect.x, anchor.x, 'left-aligned with the entry');
});

test('the combo box menu opens over the combo box (as GTK positions it) and closes on a click outside', async () => {
  // The "Andrea" combo box: GTK puts the menu over it, the current item over the button.
  const { rect, anchor } = await openAndDismiss(g, 471, 249, 'combo box menu', OUTSIDE);
  assert.ok(rect.y <= anchor.y + anchor.height && rect.y + rect.height >= anchor.y, 'overlaps the combo');
  assert.equal(rect.x, anchor.x);
});

test('the About dialog is a transient window of the main one, centred on it', async () => {
  const { win } = g;
  // The primary menu (☰ at the right of the header bar) is a popover inside the window in GTK 3.
  const before = await g.screenshot();
  await g.click(win.x + win.width - 72, win.y + 22);
  const menu = { x: win.x + win.width - 180, y: win.y + 50, width: 160, height: 190 };
  await waitFor('the primary menu to show', async () => changed(before, await g.screenshot(), menu) > 0.2);
  await g.click(win.x + win.width - 111, win.y + 220); // its last item, "About Widget Factory"
  const dialog = await assertCentredDialog(g, before, /About/);
  // Closing it with its window action leaves the parent alone.
  await g.api('POST', `/api/windows/${dialog.id}`, { action: 'close' });
  await waitFor('the dialog to close', async () => !(await g.windows()).some((w) => w.id === dialog.id));
  assert.ok((await g.windows()).some((w) => w.id === win.id));
});
