/**
 * The scale of one guest client: one guest logical pixel is `factor` host logical pixels, so at
 * 2 a 250×250 window shows as 500×500 on the host and the guest sees outputs half the host's
 * size. Guest → host values are multiplied, host → guest values divided; every conversion is
 * exact for integer factors (and for host values that are multiples of the factor).
 */
export class Scale {
  constructor(private current: number) {}

  get factor(): number {
    return this.current;
  }

  /**
   * Switches every conversion at once (relays hold this object, not the number). Only the
   * session changes it, and only while nothing it converted earlier is still in use (see
   * Session.appIdSet).
   */
  change(factor: number): void {
    this.current = factor;
  }

  get isIdentity(): boolean {
    return this.factor === 1;
  }

  /** A guest coordinate (position, offset) on the host. */
  toHost(v: number): number {
    return int32(Math.round(v * this.factor));
  }

  /** A guest size on the host; 0 (no size, no limit) stays 0, a positive size stays positive. */
  sizeToHost(v: number): number {
    return v <= 0 ? v : int32(Math.max(1, Math.round(v * this.factor)));
  }

  /** A guest rectangle on the host, converting both edges so adjacent rectangles stay adjacent. */
  rectToHost(x: number, y: number, w: number, h: number): [number, number, number, number] {
    const x0 = this.toHost(x);
    const y0 = this.toHost(y);
    const x1 = this.toHost(x + w);
    const y1 = this.toHost(y + h);
    return [x0, y0, w > 0 ? int32(Math.max(1, x1 - x0)) : 0, h > 0 ? int32(Math.max(1, y1 - y0)) : 0];
  }

  /** A host coordinate in the guest (positions, popup offsets). */
  toGuest(v: number): number {
    return Math.round(v / this.factor);
  }

  /** A host fixed-point coordinate (pointer, touch, scroll) in the guest, unrounded. */
  fixedToGuest(v: number): number {
    return v / this.factor;
  }

  /**
   * A size the host suggests (configure) in the guest: rounded down, so that the guest's answer
   * scaled back never exceeds what the host asked for. 0 (client decides) stays 0.
   */
  sizeToGuest(v: number): number {
    if (v <= 0) return v;
    return Math.max(1, Math.floor(v / this.factor + 1e-9));
  }

  /** A host size the guest must not exceed scaled back exactly (popup geometry): rounded. */
  extentToGuest(v: number): number {
    return v <= 0 ? v : Math.max(1, Math.round(v / this.factor));
  }

  /**
   * The integer output scale the guest is told, from the host's: a guest pixel covers
   * hostScale × factor device pixels, so rendering at that density is sharp on the host.
   */
  outputScale(hostScale: number): number {
    return Math.max(1, Math.round(hostScale * this.factor));
  }

  /** wp_fractional_scale_v1 preferred scale (in 120ths) for the guest, from the host's. */
  fractionalToGuest(host120: number): number {
    return Math.max(1, Math.round(host120 * this.factor));
  }
}

/** Keeps a scaled value inside the wire's 32-bit range (guests use INT32_MAX for "everything"). */
function int32(v: number): number {
  return Math.max(-0x80000000, Math.min(0x7fffffff, v));
}
