/**
 * A headless exo and a started guest linked to it, sharing one runtime folder (so exo's guest
 * routes reach the same cicerone), and the desktop page's event stream (`/api/guests/events`).
 */
import * as http from 'node:http';
import type { TestContext } from 'node:test';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { GuestFixture, guestSkipReason } from './guest-fixture.js';

export interface GuestDesktop {
  exo: ExoProcess;
  g: GuestFixture;
}

export async function startGuestDesktop(t: TestContext, guest = 'penguin'): Promise<GuestDesktop | null> {
  const skip = guestSkipReason();
  // `npm test` installs bubblewrap (scripts/debian-packages.mjs): its absence is a setup failure.
  if (skip) throw new Error(skip);
  const exo = await startExoProcess({});
  const g = GuestFixture.create({ runtimeDir: exo.runtimeDir });
  // The daemon's sockets live in exo's runtime folder: stop it before exo removes the folder.
  t.after(async () => {
    await g.stop();
    await exo.stop();
  });
  await g.ok('vmc', 'create', guest);
  await g.ok('vmc', 'start', guest, '--wayland', exo.wayland);
  return { exo, g };
}

export interface PageEvent {
  type: string;
  guest: string;
  url?: string;
}

/** The desktop page's side of `/api/guests/events`: collects events until closed. */
export class EventStream {
  readonly events: PageEvent[] = [];
  private req: http.ClientRequest | null = null;

  static open(exo: ExoProcess): Promise<EventStream> {
    const s = new EventStream();
    return new Promise((resolve, reject) => {
      const req = http.get(
        `${exo.api}/guests/events`,
        { headers: { Authorization: `Bearer ${exo.token}` } },
        (res) => {
          if (res.statusCode !== 200)
            return reject(new Error(`GET /api/guests/events answered ${res.statusCode}`));
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            buf += d;
            let end: number;
            while ((end = buf.indexOf('\n\n')) >= 0) {
              const block = buf.slice(0, end);
              buf = buf.slice(end + 2);
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (data) s.events.push(JSON.parse(data) as PageEvent);
            }
          });
          res.on('error', () => {});
          resolve(s);
        },
      );
      req.on('error', reject);
      s.req = req;
    });
  }

  close(): void {
    this.req?.destroy();
  }
}
