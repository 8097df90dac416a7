import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import { tartineRoot } from '../../../vmm/src/sandbox/guest-layout.js';

/**
 * The daemons' gRPC services, loaded from protos/grpc/*.proto at run time by proto-loader (no
 * generated code): field names arrive in camelCase, 64-bit integers as numbers, every field
 * present with its default.
 */
const FILES = ['concierge.proto', 'garcon.proto', 'guest_host.proto', 'cicerone.proto'];

type ServiceCtor = grpc.ServiceClientConstructor;

export interface Services {
  Concierge: ServiceCtor;
  Garcon: ServiceCtor;
  GuestHost: ServiceCtor;
  Cicerone: ServiceCtor;
}

let loaded: Services | null = null;

export function services(): Services {
  if (loaded) return loaded;
  const def = protoLoader.loadSync(FILES, {
    includeDirs: [path.join(tartineRoot(), 'protos', 'grpc')],
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const root = grpc.loadPackageDefinition(def) as any;
  loaded = {
    Concierge: root.tartine.concierge.Concierge,
    Garcon: root.tartine.garcon.Garcon,
    GuestHost: root.tartine.guesthost.GuestHost,
    Cicerone: root.tartine.cicerone.Cicerone,
  };
  return loaded;
}
