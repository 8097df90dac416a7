/** What kind of input event a serial was sent with. */
export type InputKind = 'enter' | 'key' | 'button' | 'touch' | 'release';

interface InputRecord<C> {
  serial: number;
  client: C;
  kind: InputKind;
  /** Button code, touch id or key code: which press a release ends. */
  id: number;
  /** A press (button, touch down, key) that has not been released yet. */
  down: boolean;
}

/** True when serial `a` is older than `b`, allowing for 32-bit wrap-around (as weston compares). */
export function serialOlder(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/**
 * Remembers the serials of recent input events and which client got them, so requests that
 * must be caused by user input can be checked: interactive move/resize, popup grabs and
 * start_drag need a button press or touch down (`validGrab`); set_selection needs any recent
 * input event of the client (`validInput`). Generic over the client type so it is testable alone.
 */
export class SerialTracker<C> {
  private readonly recent: Array<InputRecord<C>> = [];
  private lastPress: InputRecord<C> | null = null;
  /** The release that ended the last click: some clients (and wlcs) grab popups with its serial. */
  private lastRelease: InputRecord<C> | null = null;

  constructor(private readonly capacity = 64) {}

  /** Notes that `client` got `serial` with an input event (a press when kind is button/touch/key). */
  record(client: C, kind: InputKind, serial: number, id = 0): void {
    const rec: InputRecord<C> = { serial, client, kind, id, down: kind !== 'enter' && kind !== 'release' };
    this.recent.push(rec);
    if (this.recent.length > this.capacity) this.recent.shift();
    if (kind === 'button' || kind === 'touch') this.lastPress = rec;
    if (kind === 'release') this.lastRelease = rec;
  }

  /** The press `id` of `kind` (button code, touch id, key code) was released. */
  released(kind: InputKind, id: number): void {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i]!;
      if (r.kind === kind && r.id === id && r.down) {
        r.down = false;
        return;
      }
    }
  }

  /** Every touch point was lifted or cancelled. */
  releaseAll(kind: InputKind): void {
    for (const r of this.recent) if (r.kind === kind) r.down = false;
  }

  /**
   * A button press or touch down sent to `client` with this serial, still held, or the last
   * press of the seat (GTK opens popups on release with the press serial).
   */
  validGrab(client: C, serial: number, allowRelease = false): boolean {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i]!;
      if (r.serial !== serial) continue;
      if (r.client !== client) return false;
      if (r.kind === 'release')
        return (
          allowRelease &&
          r === this.lastRelease &&
          this.lastPress !== null &&
          this.lastPress.client === client &&
          !this.lastPress.down
        );
      if (r.kind !== 'button' && r.kind !== 'touch') return false;
      return r.down || r === this.lastPress;
    }
    return false;
  }

  /** Any recent input event (enter, key, button, touch) sent to `client` with this serial. */
  validInput(client: C, serial: number): boolean {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i]!;
      if (r.serial === serial) return r.client === client;
    }
    return false;
  }

  /** Drops a disconnected client's records (nothing of a dead client may stay referenced). */
  forgetClient(client: C): void {
    for (let i = this.recent.length - 1; i >= 0; i--)
      if (this.recent[i]!.client === client) this.recent.splice(i, 1);
    if (this.lastPress?.client === client) this.lastPress = null;
    if (this.lastRelease?.client === client) this.lastRelease = null;
  }
}
