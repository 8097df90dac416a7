/** The page at `/` until the browser desktop exists: says so, and where the API is. */
export function desktopPlaceholder(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tartine</title>
<style>body{font:16px system-ui,sans-serif;margin:3em;color:#eceff4;background:#2e3440}code{color:#88c0d0}</style>
</head>
<body>
<h1>Tartine</h1>
<p>The browser desktop is not built yet. This exo is running; its control API is at <code>/api</code>
(for example <code>GET /api/windows</code> and <code>GET /api/screenshot.png</code>, with the header
<code>Authorization: Bearer &lt;token&gt;</code>).</p>
</body>
</html>
`;
}
