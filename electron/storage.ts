import fs from 'node:fs';
import { describeFsError } from './journal';

/**
 * Why the data folder cannot take writes, found without writing anything (a start writes nothing
 * unless something changed): a read-only or unreachable folder, or a disk with no free block.
 * Null when it looks writable; a write can still fail later, and says so itself.
 */
export function whyUnwritable(dir: string): string | null {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    return describeFsError(error);
  }
  try {
    const { bavail, bsize } = fs.statfsSync(dir);
    // Less than one 4 KiB block: the next fdatasync'd record has nowhere to go.
    if (bavail * bsize < 4096) return describeFsError(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
  } catch {
    // statfs is not everywhere (or not for every file system): the writes will tell.
  }
  return null;
}
