/**
 * The desktop page with a running sandbox guest on it: Debian's Chromium, a web exo, and a guest
 * `penguin` started onto that exo (its daemons in exo's runtime folder, so exo's guest routes and
 * window → guest mapping reach them). `close()` ends all of it, in the order the folders need.
 *
 *   const gd = await openGuestDesktop();   // in before(); gd.close() in after()
 */
import type { Browser } from 'playwright-core';
import type { ExoProcess } from '../harness/exo-fixture.js';
import { GuestFixture, guestSkipReason } from '../integration/guest-fixture.js';
import { launchBrowserAndExo, openDesktop, type DesktopPage } from './browser-fixture.js';

export interface GuestDesktop {
  browser: Browser;
  exo: ExoProcess;
  g: GuestFixture;
  desk: DesktopPage;
  close(): Promise<void>;
}

export async function openGuestDesktop(): Promise<GuestDesktop> {
  // `npm test` installs bubblewrap: its absence is a setup failure, not a reason to skip.
  const missing = guestSkipReason();
  if (missing) throw new Error(missing);
  const [browser, exo] = await launchBrowserAndExo();
  const g = GuestFixture.create({ runtimeDir: exo.runtimeDir });
  let desk: DesktopPage | null = null;
  const close = async (): Promise<void> => {
    await desk?.close();
    await browser.close();
    // The daemon's sockets live in exo's runtime folder: stop it before exo removes the folder.
    await g.stop();
    await exo.stop();
  };
  try {
    await g.ok('vmc', 'create', 'penguin');
    await g.ok('vmc', 'start', 'penguin', '--wayland', exo.wayland);
    desk = await openDesktop(browser, exo);
    desk.page.setDefaultTimeout(20_000);
  } catch (e) {
    await close();
    throw e;
  }
  return { browser, exo, g, desk, close };
}
