import type { XdgPositionerResource } from '../../../protos/gen/server/xdg-shell.js';
import {
  XdgPositionerError,
  XdgWmBaseError,
  xdgPositionerAnchorValid,
  xdgPositionerConstraintAdjustmentValid,
  xdgPositionerGravityValid,
} from '../../../protos/gen/spec/xdg-shell.js';
import type { Resource } from '../../../compositor/src/server/resource.js';
import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { PopupRules } from './popup.js';

/** What an xdg_positioner holds; copied into a popup when used. */
interface PositionerState {
  size: { width: number; height: number } | null;
  anchorRect: Rect | null;
  anchor: number;
  gravity: number;
  constraintAdjustment: number;
  offset: { x: number; y: number };
  reactive: boolean;
  parentSize: { width: number; height: number } | null;
  parentConfigure: number | null;
}

const positioners = new WeakMap<XdgPositionerResource, PositionerState>();

/** xdg_positioner: a bag of placement rules, validated as they are set. */
export function createPositioner(resource: XdgPositionerResource): void {
  const s: PositionerState = {
    size: null,
    anchorRect: null,
    anchor: 0,
    gravity: 0,
    constraintAdjustment: 0,
    offset: { x: 0, y: 0 },
    reactive: false,
    parentSize: null,
    parentConfigure: null,
  };
  positioners.set(resource, s);
  resource.setHandler({
    setSize: (r, width, height) => {
      if (width <= 0 || height <= 0)
        throw r.error(XdgPositionerError.InvalidInput, `size ${width}×${height} must be positive`);
      s.size = { width, height };
    },
    setAnchorRect: (r, x, y, width, height) => {
      if (width < 0 || height < 0)
        throw r.error(XdgPositionerError.InvalidInput, `anchor rect size ${width}×${height} is negative`);
      s.anchorRect = { x, y, width, height };
    },
    setAnchor: (r, anchor) => {
      if (!xdgPositionerAnchorValid(anchor, r.version))
        throw r.error(XdgPositionerError.InvalidInput, `${anchor} is not an xdg_positioner.anchor value`);
      s.anchor = anchor;
    },
    setGravity: (r, gravity) => {
      if (!xdgPositionerGravityValid(gravity, r.version))
        throw r.error(XdgPositionerError.InvalidInput, `${gravity} is not an xdg_positioner.gravity value`);
      s.gravity = gravity;
    },
    setConstraintAdjustment: (r, adjustment) => {
      if (!xdgPositionerConstraintAdjustmentValid(adjustment, r.version))
        throw r.error(
          XdgPositionerError.InvalidInput,
          `constraint adjustment ${adjustment} has unknown bits`,
        );
      s.constraintAdjustment = adjustment;
    },
    setOffset: (_r, x, y) => {
      s.offset = { x, y };
    },
    setReactive: () => {
      s.reactive = true;
    },
    setParentSize: (r, width, height) => {
      if (width < 0 || height < 0)
        throw r.error(XdgPositionerError.InvalidInput, `parent size ${width}×${height} is negative`);
      s.parentSize = { width, height };
    },
    setParentConfigure: (_r, serial) => {
      s.parentConfigure = serial;
    },
  });
}

/**
 * A copy of the rules of a complete positioner (size and anchor rect set); an incomplete one
 * is the client's error `invalid_positioner`, reported on `errorOn` (its xdg_wm_base).
 */
export function positionerRules(resource: XdgPositionerResource, errorOn: Resource): PopupRules {
  const s = positioners.get(resource);
  if (!s?.size || !s.anchorRect)
    throw errorOn.error(
      XdgWmBaseError.InvalidPositioner,
      `xdg_positioner#${resource.id} needs set_size and set_anchor_rect before it is used`,
    );
  return {
    size: { ...s.size },
    anchorRect: { ...s.anchorRect },
    anchor: s.anchor,
    gravity: s.gravity,
    constraintAdjustment: s.constraintAdjustment,
    offset: { ...s.offset },
    reactive: s.reactive,
  };
}
