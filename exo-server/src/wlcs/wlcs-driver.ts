import { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import { socketPair } from '../../../compositor/src/native/unix-socket.js';
import type { Exo } from '../exo.js';
import { surfaceFromResource } from '../protocols/compositor.js';

/** A command's answer: the text after `ok`, and the fds that ride on it. */
export interface WlcsReply {
  text: string;
  fds: number[];
}

/** The reason a command failed, sent back as `error <message>` (the test then fails on its own). */
export class WlcsCommandError extends Error {}

/**
 * What the wlcs integration module (test/wlcs/exo_wlcs.c) asks of exo: new client
 * connections, window positions, synthetic pointer and touch input, and the globals exo
 * offers. Each command is one line of space-separated words; coordinates arrive as wl_fixed
 * integers (1/256 pixel), as wlcs hands them over.
 */
export class WlcsDriver {
  private readonly clients = new Map<number, Client>();
  private nextClientId = 1;

  constructor(private readonly exo: Exo) {}

  run(words: string[]): WlcsReply {
    const [name, ...args] = words;
    const n = (i: number): number => {
      const v = Number(args[i]);
      if (args[i] === undefined || !Number.isInteger(v))
        throw new WlcsCommandError(`${name}: argument ${i + 1} must be an integer`);
      return v;
    };
    const fixed = (i: number): number => n(i) / 256;
    switch (name) {
      case 'client':
        return this.newClient();
      case 'globals':
        return this.globals();
      case 'position':
        this.position(n(0), n(1), n(2), n(3));
        break;
      case 'motion':
        this.exo.seat.pointerMotion(fixed(0), fixed(1));
        break;
      case 'motion_relative':
        this.exo.seat.pointerMotion(this.exo.seat.pointerX + fixed(0), this.exo.seat.pointerY + fixed(1));
        break;
      case 'button':
        this.exo.seat.pointerButton(n(0), n(1) !== 0);
        break;
      case 'touch_down':
        this.exo.seat.touchDown(n(0), fixed(1), fixed(2));
        break;
      case 'touch_motion':
        this.exo.seat.touchMotion(n(0), fixed(1), fixed(2));
        break;
      case 'touch_up':
        this.exo.seat.touchUp(n(0));
        break;
      default:
        throw new WlcsCommandError(`unknown command ${JSON.stringify(name)}`);
    }
    return { text: '', fds: [] };
  }

  /** A new client on one end of a socketpair; the other end goes to wlcs. */
  private newClient(): WlcsReply {
    const [ours, theirs] = socketPair();
    let client: Client;
    try {
      client = this.exo.display.addClientFd(ours);
    } catch (e) {
      closeFd(ours);
      closeFd(theirs);
      throw e;
    }
    const id = this.nextClientId++;
    this.clients.set(id, client);
    client.onDestroy(() => this.clients.delete(id));
    return { text: String(id), fds: [theirs] };
  }

  /** `name:version` of every global, for wlcs to skip the tests of protocols exo lacks. */
  private globals(): WlcsReply {
    const list = this.exo.display.registry.list().map((g) => `${g.interfaceName}:${g.version}`);
    return { text: list.join(' '), fds: [] };
  }

  /**
   * Moves the window of the client's wl_surface `surfaceId` so that its top-left corner (the
   * window geometry's, which is the whole surface unless the client set one) is at (x, y).
   */
  private position(clientId: number, surfaceId: number, x: number, y: number): void {
    const client = this.clients.get(clientId);
    if (!client) throw new WlcsCommandError(`position: no client ${clientId}`);
    const resource = client.getObject(surfaceId);
    if (!(resource instanceof WlSurfaceResource))
      throw new WlcsCommandError(`position: object ${surfaceId} of client ${clientId} is not a wl_surface`);
    const surface = surfaceFromResource(resource);
    const shell = this.exo.shell;
    const win = shell.windows().find((w) => shell.windowSurface(w.id) === surface);
    if (!win) throw new WlcsCommandError(`position: wl_surface@${surfaceId} is not a mapped toplevel`);
    shell.act(win.id, { action: 'move', x, y });
  }
}
