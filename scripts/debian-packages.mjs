// Debian 12 (bookworm) packages that Tartine needs on a developer or CI machine.
// scripts/setup.mjs installs whichever of these are missing. This is the only list: add a package here,
// with a note saying what it is for.
//
// setup.mjs installs with --no-install-recommends (waypipe, for one, would otherwise pull in an SSH
// server), so the few recommended packages that matter are listed explicitly below.

/** @type {readonly string[]} */
export const debianPackages = [
  'weston', // reference compositor and its demo clients (weston-simple-shm, weston-terminal, ...)
  'libgl1-mesa-dri', // (recommended by weston) Mesa drivers: GL/EGL demo clients and Xwayland glamor
  'wayland-utils', // wayland-info: lists a compositor's globals, used to check exo-server
  'libwayland-dev', // wayland.xml protocol definition (and wayland-scanner, for reference)
  'wayland-protocols', // xdg-shell, viewporter, fractional-scale, ... protocol XML
  'libxkbcommon0', // keymap compilation (the keymap exo-server sends to clients)
  'xkb-data', // XKB keymap data used by libxkbcommon
  'foot', // Wayland-native terminal, a real client for tests
  'wev', // Wayland event viewer: prints the input events a client receives
  'wl-clipboard', // wl-copy / wl-paste: clipboard tests from the Wayland side
  'gtk-3-examples', // gtk3-demo, gtk3-widget-factory: real GTK 3 clients
  'python3-gi', // PyGObject: small real-GTK 3 programs in tests (XDND drag sources and drop targets)
  'gir1.2-gtk-3.0', // GTK 3 typelib for python3-gi
  'gtk-4-examples', // gtk4-demo, gtk4-widget-factory: real GTK 4 clients
  'librsvg2-common', // (recommended by GTK) SVG loader for GTK icons
  'fonts-dejavu-core', // a font for foot, GTK, Xwayland clients and headless Chromium
  'xwayland', // rootless X server for X11 apps (xwayland-bridge)
  'xcb-proto', // X11 protocol XML; protos/x11/ holds copies, the xcb scanner's input (compare after upgrades)
  'xterm', // plain X11 client
  'x11-apps', // xeyes, xclock, xlogo: small X11 clients
  'x11-utils', // (recommended by xterm) xprop, xwininfo, xdpyinfo: inspect X11 windows in tests
  'xclip', // X11 clipboard tests (X selections <-> Wayland data devices)
  'xdotool', // synthetic X11 input and window queries
  'wmctrl', // talks to the X11 window manager (EWMH) in xwayland-bridge tests
  'chromium', // headless browser for the web desktop end-to-end tests
  'waypipe', // Wayland over a byte stream, a reference for the host link
  'wlcs', // the Wayland conformance suite (test/wlcs/, `npm run conformance`)
  'gcc', // builds the wlcs integration module (test/wlcs/exo_wlcs.c)
  'libc6-dev', // (recommended by gcc) C headers for that module; libwayland-dev above has the rest
  'bubblewrap', // bwrap: the namespaces of sandbox guests (vmm/src/sandbox/)
  'tmux', // drives `vsh` interactively in the guest tests (a real terminal)
  'xdg-utils', // xdg-open inside guests, which hands URLs to garcon --url
];
