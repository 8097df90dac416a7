import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import { checkGuestName } from '../../../vmm/src/guest-name.js';
import { ciceroneClient, ConciergeClient } from '../concierge/concierge-client.js';
import type { GuestApps } from '../grpc/messages.js';
import { call } from '../grpc/unix-rpc.js';
import type { VmcArgs } from './vmc-args.js';

/**
 * `vmc launch NAME APP-ID [FILE...]`, `vmc launch NAME -- CMD...` and `vmc launch NAME --list`:
 * through cicerone to the guest's garcon, which starts the app on the guest's sommelier.
 */
export async function launchCommand(args: VmcArgs, out: (s: string) => void): Promise<number> {
  const [name, appId, ...files] = args.words;
  if (!name)
    throw new GuestError(
      GuestErrorCode.badName,
      'vmc launch needs a guest NAME, e.g. vmc launch penguin org.gnome.Calculator',
    );
  checkGuestName(name);
  // The daemon must run for cicerone to answer, even if only to say the guest is stopped.
  (await ConciergeClient.connect())!.close();
  const cicerone = ciceroneClient();
  if (!cicerone)
    throw new GuestError(GuestErrorCode.internal, 'the concierge daemon is not running; try again');
  try {
    if (args.flags.has('--list')) {
      const { guests } = await call<{ guests: GuestApps[] }>(
        cicerone,
        'listApps',
        { guest: name },
        'cicerone',
      );
      for (const app of guests[0]?.apps ?? [])
        out(`${app.desktopFileId}\t${app.name}${app.noDisplay ? '\t(hidden from the launcher)' : ''}`);
      return 0;
    }
    const scaleFlag = args.flags.get('--scale');
    const scale = typeof scaleFlag === 'string' ? Number(scaleFlag) : 0;
    if (!Number.isFinite(scale) || scale < 0 || scale > 10)
      throw new GuestError(GuestErrorCode.badPath, `--scale ${scaleFlag} is not a scale between 0.1 and 10`);
    let request;
    if (args.rest !== null) {
      if (args.rest.length === 0)
        throw new GuestError(GuestErrorCode.badPath, 'vmc launch NAME -- needs the command to run');
      if (appId) throw new GuestError(GuestErrorCode.badPath, 'give either an APP-ID or -- CMD, not both');
      request = { desktopFileId: '', files: [], scale, command: args.rest };
    } else {
      if (!appId)
        throw new GuestError(
          GuestErrorCode.badPath,
          `vmc launch ${name} needs an APP-ID (see: vmc launch ${name} --list) or -- CMD`,
        );
      request = { desktopFileId: appId.replace(/\.desktop$/, ''), files, scale, command: [] };
    }
    const { pid } = await call<{ pid: number }>(
      cicerone,
      'launchApp',
      { guest: name, app: request },
      'cicerone',
    );
    out(`launched ${args.rest ? args.rest.join(' ') : appId} in '${name}' (pid ${pid} in the guest)`);
    return 0;
  } finally {
    cicerone.close();
  }
}
