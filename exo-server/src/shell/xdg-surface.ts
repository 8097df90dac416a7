import type { XdgSurfaceResource } from '../../../protos/gen/server/xdg-shell.js';
import { XdgSurfaceError, XdgWmBaseError } from '../../../protos/gen/spec/xdg-shell.js';
import type { Rect } from '../../../compositor/src/geometry/rect.js';
import { subsurfaceOffset } from '../scene/scene.js';
import type { Surface, SurfaceRole } from '../surface/surface.js';
import type { SurfaceState } from '../surface/surface-state.js';
import { XdgPopup } from './xdg-popup.js';
import { positionerRules } from './xdg-positioner.js';
import { XdgToplevel } from './xdg-toplevel.js';
import type { XdgWmBase } from './xdg-wm-base.js';
import type { Popup } from './popup.js';
import type { Window } from './window.js';

/** The part of a configure sequence and of commits that depends on the role (toplevel or popup). */
export interface XdgRoleObject {
  readonly roleName: 'xdg_toplevel' | 'xdg_popup';
  /** The window manager's object for this role (a popup's parent is one of these). */
  readonly managed: Window | Popup;
  /** Sends the role's events of a configure sequence; returns what the client will acknowledge. */
  sendConfigure(): unknown;
  /** Checks the role's double-buffered state before a commit applies (throws protocol errors). */
  precommit?(pending: SurfaceState): void;
  /** A commit applied; `acked` is the payload of the configure acknowledged since the last one. */
  committed(geometry: Rect, acked: unknown): void;
  /** The initial commit (no buffer) happened: the first configure is about to be sent. */
  initialCommit(): void;
  map(): void;
  unmap(): void;
  /** Desktop position of the surface origin, or null while not shown. */
  position(): { x: number; y: number } | null;
}

/** Unacknowledged configures kept per surface; a client this far behind loses the oldest. */
const MAX_PENDING_CONFIGURES = 1024;

const bySurface = new WeakMap<Surface, XdgSurface>();
/** Surfaces with a configure due at the end of this turn. */
const scheduled = new Set<XdgSurface>();

/**
 * Sends the configures scheduled so far now rather than at the end of the turn: the control
 * API answers after flushing, and what an action caused must be on its way by then.
 */
export function flushScheduledConfigures(): void {
  for (const xs of [...scheduled]) xs.sendScheduledConfigure();
}
const byResource = new WeakMap<XdgSurfaceResource, XdgSurface>();

/**
 * xdg_surface: the configure/ack handshake, window geometry, and the map/unmap rules shared by
 * toplevels and popups.
 */
export class XdgSurface {
  role: XdgRoleObject | null = null;
  /** A configure was acknowledged since the role was (re)initialized: buffers are allowed. */
  configured = false;
  mapped = false;
  private initialCommitted = false;
  private pendingGeometry: Rect | null = null;
  private geometry: Rect | null = null;
  private sent: Array<{ serial: number; payload: unknown }> = [];
  private acked: { payload: unknown } | null = null;
  private surfaceRole: SurfaceRole | null = null;
  private hadRole = false;

  static of(surface: Surface): XdgSurface | undefined {
    return bySurface.get(surface);
  }

  static fromResource(resource: XdgSurfaceResource): XdgSurface | undefined {
    return byResource.get(resource);
  }

  constructor(
    readonly wmBase: XdgWmBase,
    readonly resource: XdgSurfaceResource,
    readonly surface: Surface,
  ) {
    bySurface.set(surface, this);
    byResource.set(resource, this);
    // Without a role no precommit runs: a buffer committed then is still unconfigured.
    const offCommit = surface.onCommit(() => {
      if (!this.hadRole && surface.buffer)
        resource.postError(
          XdgSurfaceError.UnconfiguredBuffer,
          `${resource}: buffer committed before a role and a configure`,
        );
    });
    surface.onDestroy(() => {
      if (this.mapped) this.unmap();
    });
    resource.onDestroy(() => {
      offCommit();
      if (this.mapped) this.unmap();
      if (bySurface.get(surface) === this) bySurface.delete(surface);
    });
    resource.setHandler({
      destroy: (r) => {
        if (this.role && !r.client.destroyed)
          throw r.error(XdgSurfaceError.DefunctRoleObject, `destroyed before its ${this.role.roleName}`);
      },
      getToplevel: (r, id) => {
        this.checkCanTakeRole(r, 'xdg_toplevel');
        this.assignRole(new XdgToplevel(this, id));
      },
      getPopup: (r, id, parentRes, positioner) => {
        this.checkCanTakeRole(r, 'xdg_popup');
        const base = wmBase.resource;
        const parent = parentRes ? XdgSurface.fromResource(parentRes) : undefined;
        if (!parent?.role || parent === this)
          throw base.error(
            XdgWmBaseError.InvalidPopupParent,
            `get_popup on ${r} needs a parent xdg_surface with a role`,
          );
        const rules = positionerRules(positioner, base);
        this.assignRole(new XdgPopup(this, id, parent.role.managed, rules));
      },
      setWindowGeometry: (r, x, y, width, height) => {
        this.requireRole(r);
        if (width <= 0 || height <= 0)
          throw r.error(XdgSurfaceError.InvalidSize, `window geometry ${width}×${height} must be positive`);
        this.pendingGeometry = { x, y, width, height };
      },
      ackConfigure: (r, serial) => {
        this.requireRole(r);
        const i = this.sent.findIndex((c) => c.serial === serial);
        if (i < 0)
          throw r.error(
            XdgSurfaceError.InvalidSerial,
            `ack_configure(${serial}): no such configure is waiting`,
          );
        this.acked = { payload: this.sent[i]!.payload };
        this.sent.splice(0, i + 1);
        this.configured = true;
      },
    });
  }

  get exo() {
    return this.wmBase.exo;
  }

  /** A surface keeps its kind of role for life; one role object at a time. */
  private checkCanTakeRole(r: XdgSurfaceResource, name: string): void {
    if (this.role) throw r.error(XdgSurfaceError.AlreadyConstructed, 'already has a role object');
    const s = this.surface;
    if (s.role || (s.roleName !== null && s.roleName !== name))
      throw this.wmBase.resource.error(
        XdgWmBaseError.Role,
        `wl_surface#${s.resource.id} has the role ${s.roleName}, it cannot become an ${name}`,
      );
  }

  private requireRole(r: XdgSurfaceResource): void {
    if (!this.role) throw r.error(XdgSurfaceError.NotConstructed, 'needs get_toplevel or get_popup first');
  }

  private assignRole(role: XdgRoleObject): void {
    const adapter: SurfaceRole = {
      roleName: role.roleName,
      precommit: (_s, pending) => this.precommit(pending),
      committed: () => this.committed(),
      position: () => role.position(),
    };
    this.surface.setRole(role.roleName, adapter); // checked by checkCanTakeRole
    this.role = role;
    this.surfaceRole = adapter;
    this.hadRole = true;
  }

  /** The role object was destroyed: the surface is unmapped and may get a new role object. */
  roleDestroyed(): void {
    if (this.mapped) this.unmap();
    if (this.surfaceRole) this.surface.clearRole(this.surfaceRole);
    this.role = null;
    this.surfaceRole = null;
    this.sent = [];
    this.reset();
  }

  private reset(): void {
    this.configured = false;
    this.initialCommitted = false;
    this.acked = null;
  }

  private precommit(pending: SurfaceState): void {
    if (pending.buffer && !this.configured) {
      if (!this.exo.options.acceptBufferBeforeConfigureAck)
        throw this.resource.error(
          XdgSurfaceError.UnconfiguredBuffer,
          'buffer attached before the first configure was acknowledged',
        );
      this.ackLatestConfigure();
    }
    this.role?.precommit?.(pending);
  }

  /** The wlcs quirk: the buffer stands for an ack of the latest configure (sent now if need be). */
  private ackLatestConfigure(): void {
    if (!this.initialCommitted) {
      this.initialCommitted = true;
      this.role?.initialCommit();
    }
    if (this.sent.length === 0) this.sendConfigure();
    const last = this.sent[this.sent.length - 1];
    if (!last) return;
    this.acked = { payload: last.payload };
    // The client may still ack it explicitly once it reads the event.
    this.sent = [last];
    this.configured = true;
  }

  private committed(): void {
    const role = this.role;
    if (!role || this.surface.destroyed) return;
    if (this.pendingGeometry) {
      this.geometry = this.pendingGeometry;
      this.pendingGeometry = null;
    }
    const hasBuffer = this.surface.buffer !== null;
    if (!hasBuffer && this.mapped) {
      // A null buffer unmaps; the client must do the initial commit again to map anew.
      this.unmap();
      this.reset();
      return;
    }
    const acked = this.acked;
    this.acked = null;
    role.committed(this.effectiveGeometry(), acked?.payload ?? null);
    if (!this.initialCommitted) {
      this.initialCommitted = true;
      role.initialCommit();
      // At once, not at the end of the turn: the reply to the initial commit comes before the
      // answers to later requests (a wl_display.sync right after it finds it there).
      scheduled.delete(this);
      this.sendConfigure();
      return;
    }
    if (hasBuffer && this.configured && !this.mapped) {
      this.mapped = true;
      role.map();
    }
  }

  private unmap(): void {
    this.mapped = false;
    this.role?.unmap();
  }

  /** Sends a configure sequence at the end of this turn (several changes make one configure). */
  scheduleConfigure(): void {
    if (!this.role || !this.initialCommitted || scheduled.has(this)) return;
    scheduled.add(this);
    if (scheduled.size === 1) queueMicrotask(flushScheduledConfigures);
  }

  /** Called by flushScheduledConfigures. */
  sendScheduledConfigure(): void {
    scheduled.delete(this);
    this.sendConfigure();
  }

  private sendConfigure(): void {
    const role = this.role;
    if (!role || !this.initialCommitted || this.resource.destroyed || this.resource.client.destroyed) return;
    const payload = role.sendConfigure();
    const serial = this.exo.nextSerial();
    this.sent.push({ serial, payload });
    if (this.sent.length > MAX_PENDING_CONFIGURES) this.sent.shift();
    this.resource.sendConfigure(serial);
  }

  /**
   * The window geometry: as set by the client, clamped to the surface tree's bounds; when never
   * set, those bounds (xdg_surface.set_window_geometry).
   */
  effectiveGeometry(): Rect {
    const b = treeBounds(this.surface);
    const g = this.geometry;
    if (!g) return b;
    const x1 = Math.max(g.x, b.x);
    const y1 = Math.max(g.y, b.y);
    const x2 = Math.min(g.x + g.width, b.x + b.width);
    const y2 = Math.min(g.y + g.height, b.y + b.height);
    return x2 > x1 && y2 > y1 ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } : { ...g };
  }
}

/** Bounding box of a surface and its subsurfaces with content, surface-local. */
function treeBounds(surface: Surface): Rect {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  const walk = (s: Surface, x: number, y: number): void => {
    for (const child of s.stack) {
      if (child === s) {
        if (s.buffer && s.width > 0 && s.height > 0) {
          x1 = Math.min(x1, x);
          y1 = Math.min(y1, y);
          x2 = Math.max(x2, x + s.width);
          y2 = Math.max(y2, y + s.height);
        }
      } else {
        const off = subsurfaceOffset(child);
        walk(child, x + off.x, y + off.y);
      }
    }
  };
  walk(surface, 0, 0);
  return x2 > x1 ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } : { x: 0, y: 0, width: 0, height: 0 };
}
