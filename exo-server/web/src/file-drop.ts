/**
 * Files dropped from the user's desktop onto the page: each is uploaded to exo
 * (POST /api/drop/file, streamed from the File), then exo drops them as a text/uri-list on
 * the window under the drop point (POST /api/drop?x=&y=), as Crostini does.
 */
export function installFileDrop(desktop: HTMLElement): void {
  const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;
  desktop.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'copy';
  });
  desktop.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    const files = [...e.dataTransfer!.files];
    void dropFiles(files, e.clientX, e.clientY).catch((err: Error) =>
      console.warn(`tartine: the drop did not reach the app: ${err.message}`),
    );
  });
}

async function dropFiles(files: File[], x: number, y: number): Promise<void> {
  const paths: string[] = [];
  for (const f of files) {
    const r = await fetch(`/api/drop/file?name=${encodeURIComponent(f.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: f,
    });
    if (!r.ok) throw new Error(`uploading ${f.name}: exo answered ${r.status}: ${await r.text()}`);
    paths.push(((await r.json()) as { path: string }).path);
  }
  if (paths.length === 0) return;
  const r = await fetch(`/api/drop?x=${Math.round(x)}&y=${Math.round(y)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ paths }),
  });
  const answer = await r.text();
  if (!r.ok) throw new Error(`exo answered ${r.status}: ${answer}`);
}
