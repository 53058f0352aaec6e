// A reader that goes away (`vipctl … 2>&1 | head -1`) must not turn a run into an "internal error": output
// nobody reads is dropped, and the command ends with its own exit code (a run changing hosts is not cut short).
let installed = false;

export function ignoreClosedPipes(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}
