import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import { fromStatus, toStatus } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A unary handler: takes the request, returns (a promise of) the response; throws GuestError. */
export type Unary = (request: any) => unknown;

/** Wraps plain async handlers as grpc-js handlers that turn thrown errors into statuses. */
export function unaryHandlers(handlers: Record<string, Unary>): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [name, fn] of Object.entries(handlers)) {
    out[name] = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      Promise.resolve()
        .then(() => fn(call.request))
        .then(
          (res) => callback(null, res ?? {}),
          (e: unknown) => callback(toStatus(e)),
        );
    };
  }
  return out;
}

/**
 * Serves services on a unix socket at `path` (mode 0600: only this user reaches it). A stale
 * socket file from a dead server is replaced.
 */
export async function serveUnix(path: string, add: (server: grpc.Server) => void): Promise<grpc.Server> {
  fs.rmSync(path, { force: true });
  const server = new grpc.Server();
  add(server);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${path}`, grpc.ServerCredentials.createInsecure(), (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  fs.chmodSync(path, 0o600);
  return server;
}

export function clientFor(ctor: grpc.ServiceClientConstructor, path: string): grpc.Client {
  return new ctor(`unix:${path}`, grpc.credentials.createInsecure());
}

/** One unary call as a promise; failures come back as GuestError (see status.ts). */
export function call<T>(
  client: grpc.Client,
  method: string,
  request: unknown,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = (client as any)[method] as (...args: unknown[]) => void;
    fn.call(client, request, { deadline: Date.now() + timeoutMs }, (e: grpc.ServiceError | null, res: T) =>
      e ? reject(fromStatus(e, what)) : resolve(res),
    );
  });
}

/** Resolves once the server at the client's address accepts connections, or false after `timeoutMs`. */
export function ready(client: grpc.Client, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => client.waitForReady(Date.now() + timeoutMs, (e) => resolve(!e)));
}
