import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { GapReason } from '../../shared/coverage';

/**
 * The coverage file (`<dataDir>/coverage.json`): the last moment Baton knew it could page the user
 * (its heartbeat) and the gaps open at that moment. Read at start: a heartbeat long past means Baton
 * was not running since; open gaps end at the heartbeat. Written by rename, so a crash leaves the
 * old file or the new one, never half of one.
 */
const Iso = z.string().max(40);
const OpenGaps = z.partialRecord(z.enum(['asleep', 'unreachable', 'paused']), Iso);
const FileSchema = z.object({ beat: Iso, open: OpenGaps.default({}) });

export type OpenGapReason = Exclude<GapReason, 'not-running'>;
export interface CoverageFile {
  beat: number;
  open: Partial<Record<OpenGapReason, number>>;
}

export const COVERAGE_FILE = 'coverage.json';

export function readCoverageFile(dataDir: string): { file: CoverageFile | null; problem: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, COVERAGE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file: null, problem: null };
    return { file: null, problem: String(error) };
  }
  try {
    const parsed = FileSchema.parse(JSON.parse(text));
    const open: CoverageFile['open'] = {};
    for (const [reason, at] of Object.entries(parsed.open)) if (at && !Number.isNaN(Date.parse(at))) open[reason as OpenGapReason] = Date.parse(at);
    const beat = Date.parse(parsed.beat);
    if (Number.isNaN(beat)) return { file: null, problem: 'the heartbeat is not a time' };
    return { file: { beat, open }, problem: null };
  } catch (error) {
    return { file: null, problem: `unreadable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

export function writeCoverageFile(dataDir: string, file: CoverageFile): void {
  const open = Object.fromEntries(Object.entries(file.open).map(([reason, at]) => [reason, new Date(at).toISOString()]));
  const target = path.join(dataDir, COVERAGE_FILE);
  const temp = `${target}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ beat: new Date(file.beat).toISOString(), open }));
  fs.renameSync(temp, target);
}
