import { BTN_LEFT, BTN_MIDDLE, BTN_RIGHT, type AxisEvent, type SeatApi } from '../seat/seat-api.js';
import { evdevCodeFromDomCode } from '../seat/keymap/dom-codes.js';
import { HttpError, show } from './http-json.js';

/** One validated event of `POST /api/input`, ready for the seat. */
export type InputEvent =
  | { type: 'pointer'; x: number; y: number }
  | { type: 'button'; button: number; pressed: boolean }
  | { type: 'click'; x: number; y: number; button: number }
  | { type: 'axis'; axis: AxisEvent }
  | { type: 'key'; code: number; state: 'press' | 'release' | 'tap' }
  | { type: 'text'; text: string }
  | { type: 'touch'; id: number; state: 'down' | 'motion' | 'up' | 'cancel'; x: number; y: number };

/** Field lists per event type: what error messages offer and what is accepted. */
const FIELDS: Record<InputEvent['type'], string[]> = {
  pointer: ['x', 'y'],
  button: ['button', 'state'],
  click: ['x', 'y', 'button'],
  axis: ['dx', 'dy', 'discrete', 'source'],
  key: ['code', 'state'],
  text: ['text'],
  touch: ['id', 'state', 'x', 'y'],
};
const TYPES = Object.keys(FIELDS);
const BUTTONS: Record<string, number> = { left: BTN_LEFT, middle: BTN_MIDDLE, right: BTN_RIGHT };
const AXIS_SOURCES = ['wheel', 'finger', 'continuous', 'wheel_tilt'] as const;
/** A wheel detent scrolls 15 px and counts 120 in high-resolution units (as libinput and browsers do). */
const PX_PER_DETENT = 15;
const MAX_EVENTS = 1000;
const MAX_TEXT = 10000;

export const INPUT_EXAMPLE = '{"type":"click","x":100,"y":80} or an array of such events';

/** Validates a `POST /api/input` body (one event or an array): every problem is a 400 that names it. */
export function parseInputEvents(body: unknown, desktop: { width: number; height: number }): InputEvent[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new HttpError(400, `the array of events is empty; send ${INPUT_EXAMPLE}`);
  if (list.length > MAX_EVENTS)
    throw new HttpError(400, `${list.length} events in one request; send at most ${MAX_EVENTS}`);
  return list.map((e, i) => {
    try {
      return parseEvent(e, desktop);
    } catch (err) {
      if (err instanceof HttpError && Array.isArray(body))
        throw new HttpError(err.status, `event ${i}: ${err.message}`, err.extra);
      throw err;
    }
  });
}

function parseEvent(e: unknown, desktop: { width: number; height: number }): InputEvent {
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw new HttpError(400, `an input event must be a JSON object, got ${show(e)}; send ${INPUT_EXAMPLE}`);
  const o = e as Record<string, unknown>;
  const type = o['type'];
  if (typeof type !== 'string' || !TYPES.includes(type))
    throw new HttpError(400, `unknown input event type ${show(type)}; valid types: ${TYPES.join(', ')}`, {
      validTypes: TYPES,
    });
  const t = type as InputEvent['type'];
  for (const k of Object.keys(o))
    if (k !== 'type' && !FIELDS[t].includes(k))
      throw new HttpError(
        400,
        `unknown field '${k}' in a ${t} event; its fields are: type, ${FIELDS[t].join(', ')}`,
      );
  const x = (): number => coordinate(o, 'x', desktop.width);
  const y = (): number => coordinate(o, 'y', desktop.height);
  switch (t) {
    case 'pointer':
      return { type: t, x: x(), y: y() };
    case 'button':
      return {
        type: t,
        button: button(o, false),
        pressed: oneOf(o, 'state', ['press', 'release']) === 'press',
      };
    case 'click':
      return { type: t, x: x(), y: y(), button: button(o, true) };
    case 'axis':
      return { type: t, axis: axis(o) };
    case 'key':
      return { type: t, code: keyCode(o), state: oneOf(o, 'state', ['press', 'release', 'tap'], 'tap') };
    case 'text': {
      const text = o['text'];
      if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT)
        throw new HttpError(
          400,
          `'text' must be a non-empty string of at most ${MAX_TEXT} characters, got ${show(text)}`,
        );
      return { type: t, text };
    }
    case 'touch': {
      const id = o['id'];
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0x7fffffff)
        throw new HttpError(
          400,
          `'id' of a touch event must be an integer from 0 to 2147483647, got ${show(id)}`,
        );
      const state = oneOf(o, 'state', ['down', 'motion', 'up', 'cancel']);
      const moves = state === 'down' || state === 'motion';
      return { type: t, id, state, x: moves ? x() : 0, y: moves ? y() : 0 };
    }
  }
}

function coordinate(o: Record<string, unknown>, name: string, size: number): number {
  const v = o[name];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new HttpError(400, `'${name}' must be a finite number (desktop logical pixels), got ${show(v)}`);
  if (v < 0 || v >= size)
    throw new HttpError(
      400,
      `'${name}' ${v} is outside the desktop: it must be at least 0 and below ${size}`,
    );
  return v;
}

function oneOf<T extends string>(
  o: Record<string, unknown>,
  name: string,
  values: readonly T[],
  fallback?: T,
): T {
  const v = o[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !values.includes(v as T))
    throw new HttpError(
      400,
      `'${name}' must be one of ${values.map((s) => `"${s}"`).join(', ')}, got ${show(v)}`,
    );
  return v as T;
}

function button(o: Record<string, unknown>, optional: boolean): number {
  const name = oneOf(o, 'button', Object.keys(BUTTONS), optional ? 'left' : undefined);
  return BUTTONS[name]!;
}

function keyCode(o: Record<string, unknown>): number {
  const code = o['code'];
  if (typeof code !== 'string')
    throw new HttpError(
      400,
      `'code' must be a KeyboardEvent.code string such as "KeyA", "Enter" or "ShiftLeft", got ${show(code)}`,
    );
  const evdev = evdevCodeFromDomCode(code);
  if (evdev === undefined)
    throw new HttpError(
      400,
      `unknown key code ${show(code)}: use a KeyboardEvent.code name such as "KeyA", "Digit1", "Enter", "ArrowLeft" or "ShiftLeft"`,
    );
  return evdev;
}

function axis(o: Record<string, unknown>): AxisEvent {
  const amount = (name: string): number => {
    const v = o[name];
    if (v === undefined) return 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 100000)
      throw new HttpError(
        400,
        `'${name}' must be a finite number between -100000 and 100000, got ${show(v)}`,
      );
    return v;
  };
  if (o['dx'] === undefined && o['dy'] === undefined)
    throw new HttpError(
      400,
      `an axis event needs 'dy' and/or 'dx' (pixels, or wheel steps with "discrete":true)`,
    );
  const dx = amount('dx');
  const dy = amount('dy');
  const source = oneOf(o, 'source', AXIS_SOURCES, 'wheel');
  const discrete = o['discrete'];
  if (discrete !== undefined && typeof discrete !== 'boolean')
    throw new HttpError(400, `'discrete' must be true or false, got ${show(discrete)}`);
  const wheel = source === 'wheel' || source === 'wheel_tilt';
  if (discrete) {
    // dx and dy count wheel detents.
    if (!wheel)
      throw new HttpError(
        400,
        `"discrete":true needs a wheel source ("wheel" or "wheel_tilt"), got "${source}"`,
      );
    if (!Number.isInteger(dx) || !Number.isInteger(dy))
      throw new HttpError(400, `with "discrete":true, 'dx' and 'dy' count wheel steps and must be integers`);
    return { dx: dx * PX_PER_DETENT, dy: dy * PX_PER_DETENT, dx120: dx * 120, dy120: dy * 120, source };
  }
  if (!wheel) return { dx, dy, source };
  return {
    dx,
    dy,
    dx120: Math.round((dx * 120) / PX_PER_DETENT),
    dy120: Math.round((dy * 120) / PX_PER_DETENT),
    source,
  };
}

/** Feeds validated events to the seat, in order. */
export function applyInputEvents(seat: SeatApi, events: InputEvent[]): void {
  for (const e of events) {
    switch (e.type) {
      case 'pointer':
        seat.pointerMotion(e.x, e.y);
        break;
      case 'button':
        seat.pointerButton(e.button, e.pressed);
        break;
      case 'click':
        seat.pointerMotion(e.x, e.y);
        seat.pointerButton(e.button, true);
        seat.pointerButton(e.button, false);
        break;
      case 'axis':
        seat.pointerAxis(e.axis);
        break;
      case 'key':
        if (e.state !== 'release') seat.key(e.code, true);
        if (e.state !== 'press') seat.key(e.code, false);
        break;
      case 'text':
        try {
          seat.typeText(e.text);
        } catch (err) {
          // The keyboard layout has no key for some character: the caller's mistake, not ours.
          throw new HttpError(400, `cannot type ${show(e.text)}: ${(err as Error).message}`);
        }
        break;
      case 'touch':
        if (e.state === 'down') seat.touchDown(e.id, e.x, e.y);
        else if (e.state === 'motion') seat.touchMotion(e.id, e.x, e.y);
        else if (e.state === 'up') seat.touchUp(e.id);
        else seat.touchCancel();
        break;
    }
  }
}
