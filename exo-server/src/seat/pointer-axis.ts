import type { WlPointerResource } from '../../../protos/gen/server/wayland.js';
import { WlPointerAxis, WlPointerAxisSource } from '../../../protos/gen/spec/wayland.js';
import type { AxisEvent } from './seat-api.js';

const SOURCES: Record<AxisEvent['source'], number> = {
  wheel: WlPointerAxisSource.Wheel,
  finger: WlPointerAxisSource.Finger,
  continuous: WlPointerAxisSource.Continuous,
  wheel_tilt: WlPointerAxisSource.WheelTilt,
};

/** One axis of a wheel event, prepared once for every wl_pointer it goes to. */
interface AxisPart {
  axis: number;
  value: number;
  value120: number;
  /** Whole detents for wl_pointer v5–7 (axis_discrete); 0 = none this time. */
  discrete: number;
}

/**
 * Turns wheel input into wl_pointer axis events for each client version: high-resolution
 * steps (axis_value120, v8) or whole detents (axis_discrete, v5–7, accumulated from partial
 * steps as libinput does), the source (v5), axis_stop when a finger lifts, and frame (v5).
 */
export class AxisTranslator {
  /** Partial detents (in 1/120) not yet reported as axis_discrete, per axis. */
  private readonly partial = [0, 0];

  prepare(event: AxisEvent): AxisPart[] {
    const parts: AxisPart[] = [];
    const wheel = event.source === 'wheel' || event.source === 'wheel_tilt';
    const add = (axis: number, value: number, v120: number | undefined): void => {
      if (value === 0 && !v120) return;
      // Detents alone still need a pixel value: 15 per detent, libinput's wheel default.
      if (value === 0) value = (v120! / 120) * 15;
      let discrete = 0;
      const value120 = wheel && v120 ? Math.trunc(v120) : 0;
      if (value120 !== 0) {
        const acc = this.partial[axis]! + value120;
        discrete = Math.trunc(acc / 120);
        this.partial[axis] = acc - discrete * 120;
      }
      parts.push({ axis, value, value120, discrete });
    };
    add(WlPointerAxis.VerticalScroll, event.dy, event.dy120);
    add(WlPointerAxis.HorizontalScroll, event.dx, event.dx120);
    return parts;
  }

  /**
   * Sends one prepared event to `r`, ending with frame on v5+. A finger event with no motion on
   * either axis means the fingers lifted: axis_stop on both axes.
   */
  send(r: WlPointerResource, event: AxisEvent, parts: AxisPart[], time: number): void {
    const stop = parts.length === 0 && event.source === 'finger';
    if (parts.length === 0 && !stop) return;
    const v5 = r.version >= 5;
    if (v5) {
      let source = SOURCES[event.source];
      if (source === WlPointerAxisSource.WheelTilt && r.version < 6) source = WlPointerAxisSource.Wheel;
      r.sendAxisSource(source);
    }
    if (stop && v5) {
      r.sendAxisStop(time, WlPointerAxis.VerticalScroll);
      r.sendAxisStop(time, WlPointerAxis.HorizontalScroll);
    }
    for (const p of parts) {
      if (r.version >= 8) {
        if (p.value120 !== 0) r.sendAxisValue120(p.axis, p.value120);
      } else if (v5 && p.discrete !== 0) r.sendAxisDiscrete(p.axis, p.discrete);
      if (p.value !== 0) r.sendAxis(time, p.axis, p.value);
    }
    if (v5) r.sendFrame();
  }
}
