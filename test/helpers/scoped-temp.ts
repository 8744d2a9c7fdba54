import fs from 'node:fs';
import { afterAll } from 'vitest';
import { tempDir } from './services';

// Apart from services.ts, which child processes bundle and run in plain Node, where vitest is absent.
/** `tempDir` for one test file, whose folders are removed when its tests end (runbook folders can be large). */
export function scopedTempDir(): (prefix?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = tempDir(prefix);
    made.push(dir);
    return dir;
  };
}
