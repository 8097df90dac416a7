import type { WindowAction } from '../shell/shell-api.js';
import { HttpError, show } from './http-json.js';

const SIMPLE = [
  'activate',
  'close',
  'maximize',
  'unmaximize',
  'fullscreen',
  'unfullscreen',
  'minimize',
] as const;
export const WINDOW_ACTIONS = [...SIMPLE, 'move', 'resize'];
export const ACTION_EXAMPLE =
  '{"action":"activate"}, {"action":"move","x":10,"y":20} or {"action":"resize","width":640,"height":480}';
/** Largest coordinate or size accepted (wl_fixed and window sizes stay far below this). */
const LIMIT = 100000;

/** Validates a `POST /api/windows/<id>` body into a WindowAction. */
export function parseWindowAction(body: unknown): WindowAction {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, `send one JSON object such as ${ACTION_EXAMPLE}, got ${show(body)}`);
  const o = body as Record<string, unknown>;
  const action = o['action'];
  if (typeof action !== 'string' || !WINDOW_ACTIONS.includes(action))
    throw new HttpError(
      400,
      `unknown window action ${show(action)}; valid actions: ${WINDOW_ACTIONS.join(', ')}`,
      {
        validActions: WINDOW_ACTIONS,
      },
    );
  const fields = action === 'move' ? ['x', 'y'] : action === 'resize' ? ['width', 'height'] : [];
  for (const k of Object.keys(o))
    if (k !== 'action' && !fields.includes(k))
      throw new HttpError(
        400,
        fields.length
          ? `unknown field '${k}' for "${action}"; its fields are: action, ${fields.join(', ')}`
          : `"${action}" takes no field besides 'action', got '${k}'`,
      );
  const int = (name: string, min: number): number => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > LIMIT)
      throw new HttpError(
        400,
        `'${name}' of "${action}" must be an integer from ${min} to ${LIMIT} (logical pixels), got ${show(v)}`,
      );
    return v;
  };
  if (action === 'move') return { action, x: int('x', -LIMIT), y: int('y', -LIMIT) };
  if (action === 'resize') return { action, width: int('width', 1), height: int('height', 1) };
  return { action: action as (typeof SIMPLE)[number] };
}
