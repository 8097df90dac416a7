import type * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import { ensureDir, runtimeDir } from '../../../vmm/src/state-dir.js';
import { Cicerone } from '../cicerone/cicerone.js';
import { services } from '../grpc/protos.js';
import { toStatus } from '../grpc/status.js';
import { serveUnix, unaryHandlers } from '../grpc/unix-rpc.js';
import { Concierge } from './concierge.js';
import { DaemonPaths } from './daemon-paths.js';
import { processAlive } from '../../../compositor/src/process-alive.js';

const USAGE = `Usage: tartine concierge [--idle-exit SECONDS]

The host daemon for guests: serves Concierge (guest lifecycle, for vmc and vsh) and Cicerone
(apps and URLs between the desktop and each guest) on unix sockets under $XDG_RUNTIME_DIR/tartine/.
vmc and vsh start it when needed; it exits after SECONDS (default 60) with no guest running.
`;

/** Takes the pid file; false when another live concierge holds it. */
function takePidFile(file: string): boolean {
  for (let i = 0; i < 2; i++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return true;
    } catch {
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && processAlive(pid)) return false;
      fs.rmSync(file, { force: true });
    }
  }
  return false;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const i = argv.indexOf('--idle-exit');
  const idleSeconds = i >= 0 ? Number(argv[i + 1]) : 60;
  ensureDir(runtimeDir());
  if (!takePidFile(DaemonPaths.pidFile())) {
    process.stdout.write('concierge: already running\n');
    return 0;
  }
  // eslint-disable-next-line prefer-const
  let concierge: Concierge;
  const cicerone = new Cicerone(
    (n) => concierge.backend.list().includes(n),
    (n) => concierge.unknown(n),
  );
  concierge = new Concierge(cicerone);
  const h = (fn: (r: any) => unknown) => fn; // eslint-disable-line @typescript-eslint/no-explicit-any
  let servers: grpc.Server[];
  try {
    servers = [
      await serveUnix(DaemonPaths.concierge(), (s) =>
        s.addService(
          services().Concierge.service,
          unaryHandlers({
            createGuest: h((r) => concierge.create(r.name, r.network)),
            startGuest: h((r) => concierge.start(r.name, r.waylandSocket)),
            stopGuest: h((r) => concierge.stop(r.name)),
            destroyGuest: h(async (r) => void (await concierge.destroy(r.name))),
            listGuests: () => ({ guests: concierge.list() }),
            getGuest: h((r) => concierge.get(r.name)),
            exportGuest: h(async (r) => void (await concierge.export(r.name, r.file))),
            importGuest: h((r) => concierge.import(r.name, r.file)),
            shareFolder: h((r) => concierge.share(r.name, r.hostPath, r.drop === true)),
            unshareFolder: h(async (r) => void (await concierge.unshare(r.name, r.path))),
            getLogs: h((r) => concierge.logs(r.name)),
          }),
        ),
      ),
      await serveUnix(DaemonPaths.cicerone(), (s) =>
        s.addService(services().Cicerone.service, {
          ...unaryHandlers({
            listApps: h((r) => cicerone.listApps(r.guest)),
            launchApp: h((r) => cicerone.launchApp(r.guest, r.app)),
            getIcons: h((r) => cicerone.getIcons(r.guest, r.icons)),
          }),
          watchDesktop: (stream: grpc.ServerWritableStream<unknown, never>) => {
            try {
              cicerone.watch(stream);
            } catch (e) {
              stream.emit('error', toStatus(e));
            }
          },
        }),
      ),
    ];
  } catch (e) {
    process.stderr.write(`concierge: cannot serve under ${runtimeDir()}: ${(e as Error).message}\n`);
    fs.rmSync(DaemonPaths.pidFile(), { force: true });
    return 1;
  }
  process.stdout.write(
    `READY ${JSON.stringify({ concierge: DaemonPaths.concierge(), cicerone: DaemonPaths.cicerone() })}\n`,
  );
  return new Promise<number>((resolve) => {
    let idleTimer: NodeJS.Timeout | null = null;
    const shutdown = async (): Promise<void> => {
      if (idleTimer) clearTimeout(idleTimer);
      await concierge.stopAll();
      cicerone.close();
      for (const s of servers) s.forceShutdown();
      for (const f of [DaemonPaths.concierge(), DaemonPaths.cicerone(), DaemonPaths.pidFile()])
        fs.rmSync(f, { force: true });
      resolve(0);
      // gRPC keeps timers of its own alive for a while: a daemon that was told to stop, stops.
      setTimeout(() => process.exit(0), 100).unref();
    };
    const armIdle = (): void => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      if (idleSeconds > 0 && concierge.running().length === 0)
        idleTimer = setTimeout(() => void shutdown(), idleSeconds * 1000);
    };
    concierge.onChange = armIdle;
    armIdle();
    process.once('SIGTERM', () => void shutdown());
    process.once('SIGINT', () => void shutdown());
    watchOwner(process.env['TARTINE_CONCIERGE_OWNER_PID'], () => void shutdown());
  });
}

/**
 * A daemon started for a test session (TARTINE_CONCIERGE_OWNER_PID) stops with that process,
 * even when the runner was killed before it could clean up; users never set it.
 */
function watchOwner(pidText: string | undefined, stop: () => void): void {
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const timer = setInterval(() => {
    if (processAlive(pid)) return;
    clearInterval(timer);
    stop();
  }, 1000);
  timer.unref();
}
