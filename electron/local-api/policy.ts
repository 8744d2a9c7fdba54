import type { Channel } from '../../shared/contract';
import type { LocalCaller } from '../../shared/local-api';
import type { Settings } from '../../shared/settings';
import type { LocalPolicy } from '../router';

/**
 * The local API's sender policy: what the `baton` command and an assistant may ask for. Everything
 * else (settings, sources, secrets, exports, the clipboard, dialogs) stays with the app's window.
 */
const READS = ['getState', 'pageHistory', 'queryLog', 'runbookGet', 'runbookForPage', 'runbookSearch', 'runbookList', 'getHandoffDraft'] as const satisfies readonly Channel[];

/** The command acts for the user at the keyboard: notes, follow-ups, steps, acks, pausing. */
const CLI: ReadonlySet<string> = new Set<Channel>([...READS, 'addNote', 'addFollowup', 'runbookStepDone', 'ackPage', 'pauseNotifications', 'resumeNotifications']);

/** An assistant reads and writes notes; it acknowledges only when the user turned that on in Settings. */
const ASSISTANT: ReadonlySet<string> = new Set<Channel>([...READS, 'addNote', 'addFollowup']);

export function localPolicy(settings: () => Pick<Settings, 'assistants'>): LocalPolicy {
  return (caller: LocalCaller, channel: string) => {
    if (caller === 'cli') return CLI.has(channel) ? null : `The baton command may not use “${channel}”; do it in the Baton window.`;
    if (ASSISTANT.has(channel)) return null;
    if (channel === 'ackPage') {
      return settings().assistants.mayAcknowledge ? null : 'Acknowledging from an assistant is off. Turn it on in Baton’s Settings → Terminal and assistants.';
    }
    return `An assistant may not use “${channel}”.`;
  };
}
