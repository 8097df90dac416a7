/** A parsed `vmc` command line: the subcommand, positional words, flags, and what follows `--`. */
export interface VmcArgs {
  command: string;
  words: string[];
  flags: Map<string, string | true>;
  rest: string[] | null;
}

/** Flags that take a value (the others are switches). */
const VALUED = new Set(['--wayland', '--scale']);

export function parseVmcArgs(argv: string[]): VmcArgs {
  const [command = '', ...tail] = argv;
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  let rest: string[] | null = null;
  for (let i = 0; i < tail.length; i++) {
    const a = tail[i]!;
    if (a === '--') {
      rest = tail.slice(i + 1);
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (VALUED.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : tail[++i];
        if (v === undefined) throw new Error(`${name} needs a value`);
        flags.set(name, v);
      } else flags.set(name, true);
    } else words.push(a);
  }
  return { command, words, flags, rest };
}

export const VMC_USAGE = `Usage: vmc COMMAND [ARGS]   (also: tartine vmc ...)

Guests are isolated Linux environments on this machine (sandbox containers); the default one is
named penguin. They keep their files under $TARTINE_STATE_DIR (default ~/.local/share/tartine).

  vmc create NAME [--network]       create a guest (--network: share the host's network)
  vmc start NAME [--wayland PATH]   start it, linked to the running desktop (or PATH's socket)
  vmc stop NAME                     stop it (its processes get SIGTERM, then SIGKILL)
  vmc list                          list guests and their state
  vmc destroy NAME [-y]             delete a guest and all its files (asks unless -y)
  vmc export NAME FILE              write a stopped guest to FILE (a gzipped tar)
  vmc import NAME FILE              create guest NAME from an exported FILE
  vmc launch NAME APP-ID [FILE...] [--scale S]
                                    start an installed app by its desktop file id
  vmc launch NAME --list            list the guest's apps (id, name)
  vmc launch NAME -- CMD [ARGS...]  start a command in the guest as an app
  vmc share NAME HOST-PATH [--drop] show a host folder in the guest at /mnt/shared/<name>
                                    (--drop: files dropped on the guest's windows go there)
  vmc unshare NAME PATH             stop sharing it (PATH: the share's name or either path)
  vmc logs NAME                     show the guest's log

Open a shell in a guest with: vsh NAME [-- CMD]
`;
