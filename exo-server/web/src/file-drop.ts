/**
 * Files dropped from the user's desktop onto the page: each is uploaded to exo
 * (POST /api/drop/file?x=&y=, streamed from the File), then exo drops them as a text/uri-list on
 * the window under the drop point (POST /api/drop?x=&y=), as Crostini does. The window there
 * decides where the files go: exo's drop folder for an app straight on exo, the guest's drop
 * share (and guest paths) for a guest's app. When exo refuses (no window there, a window whose
 * guest it cannot tell), the page says why and nothing is uploaded.
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
    void dropFiles(files, Math.round(e.clientX), Math.round(e.clientY)).catch((err: Error) => {
      console.warn(`tartine: the drop did not reach the app: ${err.message}`);
      notify(`The dropped ${files.length === 1 ? 'file' : 'files'} did not reach the app: ${err.message}`);
    });
  });
}

async function dropFiles(files: File[], x: number, y: number): Promise<void> {
  const paths: string[] = [];
  for (const f of files) {
    const r = await fetch(`/api/drop/file?name=${encodeURIComponent(f.name)}&x=${x}&y=${y}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: f,
    });
    if (!r.ok) throw new Error(await reason(r));
    paths.push(((await r.json()) as { path: string }).path);
  }
  if (paths.length === 0) return;
  const r = await fetch(`/api/drop?x=${x}&y=${y}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ paths }),
  });
  if (!r.ok) throw new Error(await reason(r));
}

/** exo's own words for a refusal (its JSON `error`), else the status. */
async function reason(r: Response): Promise<string> {
  const text = await r.text();
  try {
    return (JSON.parse(text) as { error?: string }).error ?? `exo answered ${r.status}`;
  } catch {
    return `exo answered ${r.status}: ${text.slice(0, 200)}`;
  }
}

/** Shows `text` in the page's notification (the launcher's #toast) for a while. */
let timer: ReturnType<typeof setTimeout> | undefined;
function notify(text: string): void {
  const toast = document.getElementById('toast');
  if (!toast) return;
  clearTimeout(timer);
  toast.textContent = text;
  toast.hidden = false;
  toast.dataset['source'] = 'drop';
  timer = setTimeout(() => (toast.hidden = true), 8000);
}
