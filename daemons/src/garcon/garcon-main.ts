import type * as grpc from '@grpc/grpc-js';
import * as path from 'node:path';
import { GuestPaths } from '../../../vmm/src/sandbox/guest-layout.js';
import { SommelierChild } from './sommelier-child.js';

const USAGE = `Usage: garcon --url URL     open URL in a new tab of the desktop page (the guest's BROWSER)
       garcon --serve       run the guest agent (the guest's first process; started by the sandbox)
`;

const HOST_SOCKET = path.join(GuestPaths.hostLink, 'cicerone.sock');
const GARCON_SOCKET = path.join(GuestPaths.hostLink, 'garcon.sock');

/** `tartine garcon`: the agent inside a guest, or its `--url` client. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--url') return openUrl(argv.slice(1));
  if (argv[0] === '--serve' && argv.length === 1) return serve();
  process.stdout.write(USAGE);
  return argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' ? 0 : 2;
}

async function openUrl(urls: string[]): Promise<number> {
  if (urls.length === 0) {
    process.stderr.write('garcon: --url needs the URL to open\n');
    return 2;
  }
  const { services } = await import('../grpc/protos.js');
  const { call, clientFor } = await import('../grpc/unix-rpc.js');
  const host = clientFor(services().GuestHost, HOST_SOCKET);
  try {
    for (const url of urls) await call(host, 'openUrl', { url }, 'the host (cicerone)', 10_000);
    return 0;
  } catch (e) {
    process.stderr.write(`garcon: cannot open ${urls.join(' ')}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    host.close();
  }
}

/**
 * The guest agent: starts sommelier (when the guest has a desktop), serves Garcon for the host,
 * tells cicerone it is ready and sends the app list, again whenever it changes. Ends (and so the
 * guest) on SIGTERM.
 */
async function serve(): Promise<number> {
  const guest = process.env['TARTINE_GUEST'] ?? 'penguin';
  // Sommelier starts first: it loads while garcon loads gRPC (static imports would come first).
  const sommelier = new SommelierChild(guest);
  const graphics = sommelier.start();
  const { services } = await import('../grpc/protos.js');
  const { call, clientFor, serveUnix, unaryHandlers } = await import('../grpc/unix-rpc.js');
  const { watchApps } = await import('./app-list.js');
  const { GarconService } = await import('./garcon-service.js');
  const garcon = new GarconService(guest, graphics);
  const host = clientFor(services().GuestHost, HOST_SOCKET);
  let server: grpc.Server;
  try {
    server = await serveUnix(GARCON_SOCKET, (s) =>
      s.addService(
        services().Garcon.service,
        unaryHandlers({
          launchApp: (r) => garcon.launchApp(r),
          getIcons: (r) => garcon.getIcons(r),
          listApps: () => ({ apps: garcon.list() }),
        }),
      ),
    );
  } catch (e) {
    process.stderr.write(`garcon: cannot serve ${GARCON_SOCKET}: ${(e as Error).message}\n`);
    sommelier.stop();
    return 1;
  }
  // Launches wait for sommelier themselves: the guest is ready before its compositor is.
  void graphics.then((ok) => {
    if (!ok)
      process.stderr.write(
        sommelier.available
          ? 'garcon: sommelier did not start: apps cannot show windows (see the log above)\n'
          : 'garcon: no desktop was running when the guest started: apps cannot show windows until it restarts\n',
      );
  });
  const sendApps = (): Promise<unknown> =>
    call(host, 'updateApps', { apps: garcon.list() }, 'cicerone').catch((e: Error) =>
      process.stderr.write(`garcon: cannot send the app list: ${e.message}\n`),
    );
  // The list first: a guest that is ready has its apps known.
  await sendApps();
  try {
    await call(
      host,
      'garconReady',
      { user: process.env['USER'] ?? '', home: process.env['HOME'] ?? '' },
      'cicerone',
      10_000,
    );
  } catch (e) {
    process.stderr.write(`garcon: cicerone did not answer: ${(e as Error).message}\n`);
  }
  let unwatch = (): void => {};
  const rewatch = (): void => {
    unwatch();
    unwatch = watchApps(process.env, () => {
      rewatch();
      if (garcon.rescan()) void sendApps();
    });
  };
  rewatch();
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      unwatch();
      sommelier.stop();
      server.forceShutdown();
      host.close();
      resolve(0);
      // Whatever handle is left (an app's pipe, a watcher) must not keep the guest alive.
      setTimeout(() => process.exit(0), 500).unref();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
