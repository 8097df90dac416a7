import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DND_ASK, DND_COPY, DND_MOVE, DND_NONE } from './drag-host.js';
import { actionFromAtom, atomFromAction, packXY, unpackXY, type XdndAtoms } from './xdnd.js';

const atoms = {
  XdndActionCopy: 101,
  XdndActionMove: 102,
  XdndActionAsk: 103,
  XdndActionPrivate: 104,
} as XdndAtoms;

test('XdndPosition root coordinates pack x high, y low, and keep their sign', () => {
  assert.equal(packXY(440, 167), 0x01b800a7);
  assert.deepEqual(unpackXY(0x01b800a7), { x: 440, y: 167 });
  assert.deepEqual(unpackXY(packXY(-5, -20)), { x: -5, y: -20 });
});

test('XDND action atoms ⇄ wl_data_device_manager dnd_action bits', () => {
  assert.equal(actionFromAtom(atoms, 101), DND_COPY);
  assert.equal(actionFromAtom(atoms, 102), DND_MOVE);
  assert.equal(actionFromAtom(atoms, 103), DND_ASK);
  assert.equal(actionFromAtom(atoms, 104), DND_COPY, 'a private action is a copy to Wayland');
  assert.equal(actionFromAtom(atoms, 0), DND_NONE);
  assert.equal(atomFromAction(atoms, DND_MOVE | DND_COPY), 101, 'copy first when several are offered');
  assert.equal(atomFromAction(atoms, DND_MOVE), 102);
  assert.equal(atomFromAction(atoms, DND_NONE), 0);
});
