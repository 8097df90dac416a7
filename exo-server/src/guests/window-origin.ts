import type { Client } from '../../../compositor/src/server/client.js';
import type { Exo } from '../exo.js';
import { originOfClient, type ClientOrigin } from './client-origin.js';
import { runningGuestsOf, type RunningGuest } from './running-guests.js';

/** The guest an app id's `GUEST:APP_ID` tag names (sommelier's), or null when untagged. */
export function appIdTag(appId: string): { guest: string; app: string } | null {
  const colon = appId.indexOf(':');
  return colon < 0 ? null : { guest: appId.slice(0, colon), app: appId.slice(colon + 1) };
}

/** The app ids of `client`'s windows. */
function appIdsOf(exo: Exo, client: Client): string[] {
  let shell;
  try {
    shell = exo.shell;
  } catch {
    return [];
  }
  return shell
    .windows()
    .filter((w) => shell.windowSurface(w.id)?.resource.client === client)
    .map((w) => w.appId);
}

/**
 * Where `client` runs (see client-origin.ts), given the running guests. A guest client whose
 * windows carry another guest's tag is not trusted with either: the connection decides, and a
 * disagreeing tag only makes exo refuse.
 */
export function originWithTags(exo: Exo, client: Client, guests: readonly RunningGuest[]): ClientOrigin {
  const origin = originOfClient(client, guests);
  if (origin.kind !== 'guest') return origin;
  for (const id of appIdsOf(exo, client)) {
    const tag = appIdTag(id);
    if (tag && tag.guest !== origin.guest.name)
      return {
        kind: 'unknown',
        reason: `its window says it is from guest '${tag.guest}', but it runs in guest '${origin.guest.name}'`,
      };
  }
  return origin;
}

/** originWithTags, asking the concierge daemon for the running guests first. */
export async function originOfWindowClient(exo: Exo, client: Client): Promise<ClientOrigin> {
  return originWithTags(exo, client, await runningGuestsOf(exo).list());
}
