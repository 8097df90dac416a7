import { DndBridge } from './dnd/dnd-bridge.js';
import type { DragHost } from './dnd/drag-host.js';
import { IdleExit } from './launcher/idle-exit.js';
import { XDisplaySocket } from './launcher/x-display-socket.js';
import { XwaylandProcess } from './launcher/xwayland-process.js';
import { SelectionBridge } from './selection/selection-bridge.js';
import type { SelectionHost } from './selection/selection-host.js';
import { XConnection } from './x11/x-connection.js';
import type { WindowHost } from './xwm/window-host.js';
import { Xwm } from './xwm/xwm.js';

/** What the compositor side (exo, or sommelier in a guest) provides to the bridge. */
export interface BridgeHost {
  /**
   * Opens a Wayland connection for a new Xwayland: returns the fd Xwayland inherits; the host
   * serves the other end as a client it knows to be Xwayland (until it disconnects).
   */
  connectXwayland(): number;
  /** Gives Xwayland's surfaces their roles (see xwm/window-host.ts). */
  readonly windows: WindowHost;
  /** The Wayland clipboard and primary selection; without it, X selections stay in X. */
  readonly selections?: SelectionHost;
  /** The Wayland drag-and-drop; without it, XDND drags stay in X. */
  readonly drags?: DragHost;
}

export interface BridgeOptions {
  /** First display number to try (`:N`); default 0. */
  firstDisplay?: number;
  /** DPI X clients see (96 × the app scale): Xwayland's -dpi and Xft.dpi. Default 96. */
  dpi?: number;
  /** The Xwayland binary (tests use a wrapper). */
  binary?: string;
}

/**
 * The Xwayland bridge: the X display socket, the lazily started rootless Xwayland, and, for
 * each Xwayland run, our window manager and selection bridge on its `-wm` connection.
 */
export class XwaylandBridge {
  private xwm: Xwm | null = null;
  private selections: SelectionBridge | null = null;
  private dnd: DndBridge | null = null;
  private conn: XConnection | null = null;
  private idle: IdleExit | null = null;
  private readonly process: XwaylandProcess;
  private readonly readyListeners: Array<(xwm: Xwm) => void> = [];

  private constructor(
    readonly socket: XDisplaySocket,
    private readonly host: BridgeHost,
    private readonly options: BridgeOptions,
  ) {
    this.process = new XwaylandProcess(
      socket,
      {
        connectWayland: () => host.connectXwayland(),
        started: (fd) => void this.wmStarted(fd),
        stopped: () => this.wmStopped(),
      },
      options, // read at each fork: a getter may give another DPI per run
    );
  }

  /** Listens on the first free display from `firstDisplay`; Xwayland starts with the first client. */
  static start(host: BridgeHost, options: BridgeOptions = {}): XwaylandBridge {
    return new XwaylandBridge(XDisplaySocket.open(options.firstDisplay ?? 0), host, options);
  }

  /** `:N`, the DISPLAY of apps that should use this bridge. */
  get display(): string {
    return this.socket.name;
  }

  /** The running Xwayland's pid, or null. */
  get xwaylandPid(): number | null {
    return this.process.pid;
  }

  get windowManager(): Xwm | null {
    return this.xwm;
  }

  /**
   * The options (`dpi`) changed: an Xwayland forked ahead but not started yet is forked again
   * with them; a running one keeps what it started with.
   */
  optionsChanged(): void {
    this.process.refork();
  }

  /** Runs `cb` each time a new Xwayland got its window manager (tests, benchmarks). */
  onReady(cb: (xwm: Xwm) => void): void {
    this.readyListeners.push(cb);
  }

  private async wmStarted(fd: number): Promise<void> {
    let conn: XConnection;
    try {
      conn = await XConnection.open(fd);
      this.conn = conn;
      const xwm = await Xwm.start(conn, this.host.windows, { dpi: this.options.dpi ?? 96 });
      this.xwm = xwm;
      if (this.host.selections) this.selections = await SelectionBridge.start(xwm, this.host.selections);
      xwm.announce();
      // Drag-and-drop is not needed for a first window: set up once X clients may connect.
      if (this.host.drags) void this.startDnd(xwm, this.host.drags);
      this.idle = await IdleExit.start(conn, () => this.process.endRun());
      for (const cb of this.readyListeners) cb(xwm);
    } catch (e) {
      // Xwayland died during the handshake: its exit is reported by the process watcher.
      process.stderr.write(`xwayland-bridge: window manager setup failed: ${(e as Error).message}\n`);
      this.conn?.close();
    }
  }

  private async startDnd(xwm: Xwm, host: DragHost): Promise<void> {
    const dnd = await DndBridge.start(xwm, host).catch(() => null);
    if (this.xwm === xwm) this.dnd = dnd;
    else dnd?.destroy(); // Xwayland went away meanwhile
  }

  private wmStopped(): void {
    this.idle?.stop();
    this.idle = null;
    this.dnd?.destroy();
    this.dnd = null;
    this.selections?.destroy();
    this.selections = null;
    this.xwm?.destroy();
    this.xwm = null;
    this.conn?.close();
    this.conn = null;
  }

  /** Stops Xwayland and stops listening on the display. */
  stop(): void {
    this.process.stop();
    this.wmStopped();
    this.socket.close();
  }
}
