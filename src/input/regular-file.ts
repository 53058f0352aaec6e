import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

// Every file vipctl reads because a user named it (inventories, playbooks, password files) goes through
// here: a FIFO, device or directory would block for ever or never end (/dev/zero), so only regular files
// under a size cap are read, and only once they are known to be one.

/** Caps: an inventory of 10k hosts is about 1 MB; a password is a line. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;
export const MAX_SECRET_BYTES = 4096;

/** Why a file could not be read, in words for an error message ("no such file", "a FIFO, not a regular file"). */
export class InputFileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InputFileError';
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function openReason(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return (err as Error).message;
  }
}

/** The UTF-8 text of a regular file of at most `maxBytes`; InputFileError otherwise. Never blocks on a pipe. */
export function readRegularFile(path: string, maxBytes: number = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO nobody writes returns at once instead of waiting for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputFileError(openReason(err));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputFileError(`${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes)
      throw new InputFileError(`too large (${st.size} bytes; the limit is ${maxBytes})`);
    // Read to the end, not to st.size: the file may grow while it is read; the cap holds either way.
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputFileError(`too large (over ${maxBytes} bytes)`);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw new InputFileError('not UTF-8 text');
    }
  } finally {
    closeSync(fd);
  }
}
