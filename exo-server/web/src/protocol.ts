/** The messages exo and the page exchange (mirrors exo-server/src/backend/web on the server). */

export interface WindowInfo {
  id: number;
  title: string;
  appId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  focused: boolean;
  maximized: boolean;
  fullscreen: boolean;
  minimized: boolean;
  parent: number | null;
  decorated?: boolean;
}

export interface SurfaceDescription {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
  bufferWidth: number;
  bufferHeight: number;
}

export interface ViewDescription {
  id: number;
  x: number;
  y: number;
  window: WindowInfo | null;
  popup: boolean;
  surfaces: SurfaceDescription[];
}

export type ServerMessage =
  | { t: 'scene'; views: ViewDescription[] }
  | { t: 'cursor'; css: string }
  | { t: 'settings'; layout: string }
  | { t: 'replaced'; message: string }
  | { t: 'error'; message: string };

/** Binary frame: see exo-server/src/backend/web/frame-encoder.ts. */
export const FRAME_MESSAGE = 1;
/** A frame rectangle's encoding: raw pixels, or a JPEG (of fast-changing content). */
export const RECT_RAW = 0;
export const RECT_JPEG = 1;
/** A frame surface's flags: premultiplied B,G,R,A pixels (else straight RGBA); opaque. */
export const SURFACE_NATIVE = 1;
export const SURFACE_OPAQUE = 2;
/** The pixel layout a page's renderer takes (its hello's `pixels`, a `refresh` request's). */
export type PixelLayout = 'rgba' | 'native';

/** Height of the title bar the page draws for server-side-decorated windows, CSS pixels. */
export const TITLEBAR_HEIGHT = 30;
