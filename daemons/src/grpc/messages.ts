/**
 * The gRPC messages as the daemons see them (protos/grpc/*.proto through proto-loader with
 * camelCase names and defaults): written by hand, kept beside the .proto files they mirror.
 */

export interface Share {
  name: string;
  hostPath: string;
  guestPath: string;
  /** The guest's drop folder (files dropped on its windows in the desktop page). */
  drop?: boolean;
}

export interface GuestInfo {
  name: string;
  status: 'stopped' | 'running';
  kind: string;
  user: string;
  home: string;
  pid: number;
  waylandSocket: string;
  shares: Share[];
  network: boolean;
  createdMs: number;
  startedMs: number;
}

export interface App {
  desktopFileId: string;
  name: string;
  icon: string;
  exec: string;
  startupWmClass: string;
  mimeTypes: string[];
  noDisplay: boolean;
  comment: string;
  terminal: boolean;
}

export interface AppList {
  apps: App[];
}

export interface LaunchAppRequest {
  desktopFileId: string;
  files: string[];
  scale: number;
  command: string[];
}

export interface Icon {
  desktopFileId: string;
  format: string;
  content: Buffer;
}

export interface GetIconsRequest {
  desktopFileIds: string[];
  size: number;
  scale: number;
}

export interface GuestApps {
  guest: string;
  apps: App[];
}

export interface DesktopEvent {
  guest: string;
  event?: 'openUrl' | 'appsChanged';
  openUrl?: { url: string };
  appsChanged?: Record<string, never>;
}
