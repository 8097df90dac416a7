import { GuestError, GuestErrorCode } from '../../vmm/src/guest-error.js';
import { DEFAULT_GUEST } from '../../vmm/src/guest-name.js';
import { findProgram } from '../../vmm/src/requirements.js';
import { ciceroneClient, ConciergeClient } from './concierge/concierge-client.js';
import type { GuestInfo } from './grpc/messages.js';
import { call } from './grpc/unix-rpc.js';

/** Terminals to run in the guest, best first (the guest's /usr is the host's, so the host's PATH tells). */
const TERMINALS = ['foot', 'weston-terminal'];

export interface GuestTerminal {
  /** What runs, for the user: `foot in penguin`. */
  description: string;
  /** Stops the guest again if this call started it. */
  stop(): Promise<void>;
}

/**
 * What `tartine start` (`npm start`) does for its terminal: the default guest is created on
 * first use and started linked to this desktop, and a terminal is launched inside it.
 */
export async function openGuestTerminal(wayland: string, say: (s: string) => void): Promise<GuestTerminal> {
  const terminal = TERMINALS.find((t) => findProgram(t) !== null);
  if (!terminal)
    throw new GuestError(
      GuestErrorCode.missingPackage,
      'no terminal is installed; install one with: sudo apt-get install foot',
    );
  const name = DEFAULT_GUEST;
  const concierge = (await ConciergeClient.connect())!;
  try {
    let before: GuestInfo | null = null;
    try {
      before = await concierge.call<GuestInfo>('getGuest', { name });
    } catch (e) {
      if (!(e instanceof GuestError && e.code === GuestErrorCode.unknown)) throw e;
      say(`creating the guest '${name}' (first use)...`);
      await concierge.call('createGuest', { name, network: false });
    }
    await concierge.call('startGuest', { name, waylandSocket: wayland });
    const cicerone = ciceroneClient();
    if (!cicerone) throw new GuestError(GuestErrorCode.internal, 'the concierge daemon went away');
    try {
      await call(
        cicerone,
        'launchApp',
        { guest: name, app: { desktopFileId: '', files: [], scale: 0, command: [terminal] } },
        'cicerone',
      );
    } finally {
      cicerone.close();
    }
    const startedHere = before?.status !== 'running';
    return {
      description: `${terminal} in guest '${name}'`,
      stop: async () => {
        if (startedHere) await concierge.call('stopGuest', { name }).catch(() => {});
        concierge.close();
      },
    };
  } catch (e) {
    concierge.close();
    throw e;
  }
}
