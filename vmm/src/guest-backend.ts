import type { ChildProcess } from 'node:child_process';

/** A folder of the host shown in the guest at /mnt/shared/<name>, only by explicit request. */
export interface GuestShare {
  name: string;
  hostPath: string;
  guestPath: string;
  /**
   * Tartine's own drop folder for this guest (made at start when the guest has none): files
   * dropped on the guest's windows in the desktop page are uploaded here.
   */
  drop?: boolean;
}

export interface GuestStatus {
  name: string;
  kind: string;
  state: 'stopped' | 'running';
  /** The in-guest user (named after the host user) and its home inside the guest. */
  user: string;
  home: string;
  /** Host pid of the guest's first process while running, else 0. */
  pid: number;
  /** The desktop's Wayland socket the running guest's sommelier is linked to ('' for none). */
  waylandSocket: string;
  shares: GuestShare[];
  network: boolean;
  createdMs: number;
  startedMs: number;
}

export interface CreateOptions {
  /** Share the host's network (default: a private network namespace with loopback only). */
  network?: boolean;
}

export interface StartOptions {
  /** Absolute path of the desktop's Wayland socket ('' or undefined: start without graphics). */
  waylandSocket?: string;
  /** Called with each chunk of the guest's own output (its log). */
  onLog?: (text: string) => void;
  /** Called once when the guest stops for any reason. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface ExecOptions {
  /** Extra environment, on top of the guest's own session environment. */
  env?: Record<string, string>;
  /** Working directory inside the guest (default: the user's home). */
  cwd?: string;
  /** Give the command a pseudo-terminal (interactive shells). */
  tty?: boolean;
  stdio?: 'inherit' | 'pipe';
}

/**
 * One guest kind (the sandbox now, QEMU later). Every method throws GuestError for what the
 * user did wrong, with the message to show. The backend only knows guests on disk and the
 * processes it started; the concierge daemon serialises calls and owns the running ones.
 */
export interface GuestBackend {
  readonly kind: string;
  /** Names of existing guests, sorted. */
  list(): string[];
  create(name: string, opts?: CreateOptions): GuestStatus;
  start(name: string, opts?: StartOptions): Promise<GuestStatus>;
  stop(name: string): Promise<GuestStatus>;
  /** Removes the guest and all its files; it must be stopped. */
  destroy(name: string): void;
  status(name: string): GuestStatus;
  /** Runs a command in the running guest as its user; the child runs on the host's side. */
  exec(name: string, argv: string[], opts?: ExecOptions): ChildProcess;
  /** Writes the stopped guest as a gzipped tar to `file`. */
  export(name: string, file: string): Promise<void>;
  /** Creates guest `name` from an exported file; leaves nothing behind when the file is bad. */
  import(name: string, file: string): Promise<GuestStatus>;
  /** Shares a host folder; `drop`: it becomes the guest's drop folder (see GuestShare.drop). */
  share(name: string, hostPath: string, opts?: { drop?: boolean }): GuestShare;
  unshare(name: string, which: string): GuestShare;
}
