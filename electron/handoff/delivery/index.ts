import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorText } from '../../../shared/errors';
import { parseHandoff, renderJson, renderMarkdown, type HandoffReport } from '../../../shared/handoff';
import type { DeliveryStatus } from '../../../shared/handoff/delivery';
import { isEvent, type JournalRecord } from '../../../shared/records';
import type { Clock, Timer } from '../../clock';
import type { Journal } from '../../journal';
import type { Logger } from '../../log';
import { checkGitUrl, describeGitUrl } from '../../runbooks/sources/git';
import type { SecretBox } from '../../secrets';
import type { SettingsService } from '../../settings';
import { UserError } from '../../user-error';
import { slug } from '../exports';
import { handoffIdOf } from '../receive';
import { openDeliveryConfig } from './config';
import { HANDOFF_FOLDER, openHandoffRepo, type HandoffRepo } from './repo';

/** While a handoff I sent waits for its "I have it", the repository is looked at this often (for a day at most). */
export const ACCEPTANCE_POLL_MS = 2 * 60_000;
const WAIT_FOR_ACCEPTANCE_MS = 24 * 3_600_000;
/** Handoffs older than this found in the repository are history, not something to take over. */
const FRESH_MS = 7 * 24 * 3_600_000;

const AcceptanceSchema = z.object({
  schema: z.literal('baton.handoff-acceptance'),
  version: z.literal(1),
  handoffId: z.string().max(200),
  by: z.string().max(200),
  at: z.string().max(40),
  verifiedAt: z.string().max(40).optional(),
});

export interface DeliveryDeps {
  /** The working copy lives in `<dataDir>/handoff-repository`. */
  dataDir: string;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  journal: Pick<Journal, 'append' | 'records' | 'subscribe'>;
  /** The `handoffDelivery` section; my name and e-mail (identity). */
  settings: Pick<SettingsService, 'get' | 'read' | 'write'>;
  secretBox: SecretBox;
  /** The names my shifts are under (the shifts feature's query), besides my name in Settings. */
  myNames(): string[];
  /** Imports a handoff's text (the same path as importing a file). */
  importText(text: string, via: 'repository'): Promise<{ alreadyImported: boolean }>;
  /** The delivery status changed: publish the handoff slice again. */
  changed(): void;
  /** Runs `fn` after the machine wakes. */
  onResume(fn: () => void): void;
}

export type Delivery = ReturnType<typeof createDelivery>;

/**
 * Hand over through a shared git repository: "Hand over" commits the handoff's Markdown and JSON
 * and pushes; the incoming Baton pulls (at start, on waking, when my shift starts, on demand),
 * imports what was handed to it, and "I have it" pushes an acceptance file back, which the
 * outgoing Baton sees at its next pull ("accepted by Bob at 09:03").
 */
export function createDelivery(deps: DeliveryDeps) {
  const { clock, log, journal } = deps;
  const config = openDeliveryConfig(deps.settings, deps.secretBox);
  const dir = path.join(deps.dataDir, 'handoff-repository');
  const status = { lastSync: null as string | null, error: null as string | null, syncing: false, unpushed: false };
  /** handoffId → the file's base path in the repository, from the last look. */
  const located = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  let pollTimer: Timer | null = null;
  let disposed = false;

  const me = () => deps.settings.get().identity.name.trim();
  const isMe = (name: string) => {
    const n = name.trim().toLowerCase();
    return n !== '' && [me(), ...deps.myNames()].some((x) => x.trim().toLowerCase() === n);
  };
  const author = () => ({ name: me() || 'Baton user', email: deps.settings.get().identity.emails[0] || 'baton@localhost' });

  function repo(): HandoffRepo | null {
    const r = config.repository();
    return r ? openHandoffRepo(dir, r.url, r.branch) : null;
  }

  /** Git work runs one at a time, in order. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  function setStatus(patch: Partial<typeof status>): void {
    Object.assign(status, patch);
    deps.changed();
  }

  function fail(error: unknown): string {
    const message = errorText(error);
    const where = config.repository()?.shownUrl ?? 'the repository';
    setStatus({ syncing: false, error: `The handoff repository ${describeGitUrl(where)} could not be reached: ${message}` });
    log.warn('handoff delivery: git failed', message);
    return message;
  }

  /** Pull, import what is handed to me, note acceptances of what I handed over. */
  function sync(): Promise<{ imported: number; accepted: number }> {
    return serial(async () => {
      const r = repo();
      if (!r) return { imported: 0, accepted: 0 };
      setStatus({ syncing: true });
      try {
        await r.sync();
        const found = await look(r);
        setStatus({ syncing: false, error: null, unpushed: false, lastSync: new Date(clock.now()).toISOString() });
        return found;
      } catch (error) {
        fail(error);
        return { imported: 0, accepted: 0 };
      } finally {
        schedulePoll();
      }
    });
  }

  async function look(r: HandoffRepo): Promise<{ imported: number; accepted: number }> {
    let imported = 0;
    let accepted = 0;
    const files = r.files();
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    for (const file of files) {
      if (file.path.endsWith('.accepted.json')) continue;
      const parsed = parseHandoff(file.content);
      if (!parsed.ok) {
        log.warn(`handoff delivery: ${file.path} is not a handoff Baton can read`, parsed.error);
        continue;
      }
      const report = parsed.report;
      const handoffId = handoffIdOf(report);
      const base = file.path.slice(0, -'.json'.length);
      located.set(handoffId, base);
      if (isMe(report.header.outgoing)) {
        const acceptance = readAcceptance(byPath.get(`${base}.accepted.json`));
        if (acceptance && !acceptanceRecorded(journal.records(), handoffId, 'peer')) {
          await journal.append('handoff.accepted', { handoffId, by: acceptance.by, from: report.header.outgoing, at: acceptance.at, side: 'peer', ...(acceptance.verifiedAt ? { verifiedAt: acceptance.verifiedAt } : {}) });
          log.info(`handoff delivery: ${acceptance.by} accepted ${handoffId}`);
          accepted++;
        }
      } else if (isMe(report.header.incoming) && clock.now() - Date.parse(report.generatedAt) <= FRESH_MS) {
        const result = await deps.importText(file.content, 'repository');
        if (!result.alreadyImported) imported++;
      }
    }
    return { imported, accepted };
  }

  /** While a handoff I sent through the repository waits for its acceptance, look again every few minutes. */
  function schedulePoll(): void {
    if (pollTimer) clock.clearTimeout(pollTimer);
    pollTimer = null;
    if (disposed || !config.repository() || !awaitingAcceptance(journal.records(), clock.now())) return;
    pollTimer = clock.setTimeout(() => void sync(), ACCEPTANCE_POLL_MS);
    pollTimer.unref?.();
  }

  async function deliver(report: HandoffReport): Promise<{ ok: boolean; message: string } | undefined> {
    if (!config.repository()) return undefined;
    return serial(async () => {
      const r = repo()!;
      const base = `${HANDOFF_FOLDER}/${baseName(report)}`;
      setStatus({ syncing: true });
      try {
        const result = await r.commit(
          [
            { path: `${base}.md`, content: renderMarkdown(report) },
            { path: `${base}.json`, content: renderJson(report) },
          ],
          `Handoff: ${report.header.scheduleName || 'shift'}, ${report.header.outgoing || 'someone'} → ${report.header.incoming || 'the next on-call'}`,
          author(),
        );
        located.set(handoffIdOf(report), base);
        const where = describeGitUrl(config.repository()!.shownUrl);
        if (!result.pushed) {
          setStatus({ syncing: false, unpushed: true, error: `Committed, but not pushed yet: ${result.error}. Baton pushes it at the next sync.` });
          return { ok: false, message: `Saved in the local copy of ${where}, but the push failed (${result.error}); Baton tries again at the next sync.` };
        }
        setStatus({ syncing: false, unpushed: false, error: null, lastSync: new Date(clock.now()).toISOString() });
        log.info(`handoff delivery: pushed ${base} to ${where}`);
        return { ok: true, message: `Pushed to ${where}.` };
      } catch (error) {
        const message = fail(error);
        return { ok: false, message: `Not sent to the repository: ${message}` };
      } finally {
        schedulePoll();
      }
    });
  }

  async function accept(handoffId: string): Promise<{ acceptedAt: string; pushed: boolean; message: string }> {
    const records = journal.records();
    const received = [...records].reverse().find((r): r is JournalRecord<'handoff.received'> => isEvent(r, 'handoff.received') && r.data.handoffId === handoffId);
    if (!received) throw new UserError('That handoff was not received here; import it first.');
    const earlier = records.find((r): r is JournalRecord<'handoff.accepted'> => isEvent(r, 'handoff.accepted') && r.data.handoffId === handoffId && r.data.side === 'me');
    const by = me() || received.data.to || 'Baton user';
    const at = earlier?.data.at ?? new Date(clock.now()).toISOString();
    const verifiedAt = earlier ? earlier.data.verifiedAt : lastVerified(records, clock.now());
    if (!earlier) await journal.append('handoff.accepted', { handoffId, by, from: received.data.from, at, side: 'me', ...(verifiedAt ? { verifiedAt } : {}) });
    if (received.data.via !== 'repository' || !config.repository()) return { acceptedAt: at, pushed: false, message: `Accepted the handoff from ${received.data.from}.` };
    return serial(async () => {
      const r = repo()!;
      const base = located.get(handoffId);
      if (!base) return { acceptedAt: at, pushed: false, message: 'Accepted here; the handoff is no longer in the repository, so nothing was pushed.' };
      const content = JSON.stringify({ schema: 'baton.handoff-acceptance', version: 1, handoffId, by, at, ...(verifiedAt ? { verifiedAt } : {}) }, null, 2) + '\n';
      try {
        const result = await r.commit([{ path: `${base}.accepted.json`, content }], `Accepted: ${received.data.from} → ${by}`, author());
        setStatus(result.pushed ? { error: null, unpushed: false } : { unpushed: true, error: `The acceptance is committed but not pushed yet: ${result.error}.` });
        return { acceptedAt: at, pushed: result.pushed, message: result.pushed ? `Accepted; ${received.data.from} sees it at their next sync.` : `Accepted here; the push failed (${result.error}) and is tried again at the next sync.` };
      } catch (error) {
        return { acceptedAt: at, pushed: false, message: `Accepted here, but not pushed: ${fail(error)}` };
      }
    });
  }

  async function configure(input: { url: string; branch: string } | null): Promise<DeliveryStatus> {
    if (input) checkGitUrl(input.url);
    await serial(async () => {
      const before = config.repository();
      config.setRepository(input);
      const after = config.repository();
      // Another repository (or none): the old working copy goes, and what it knew.
      if (!after || before?.url !== after.url || before.branch !== after.branch) {
        fs.rmSync(dir, { recursive: true, force: true });
        located.clear();
        Object.assign(status, { lastSync: null, error: null, unpushed: false });
      }
    });
    deps.changed();
    if (input) await sync();
    return deliveryStatus();
  }

  function deliveryStatus(): DeliveryStatus {
    const r = config.repository();
    return { git: r ? { where: describeGitUrl(r.shownUrl), branch: r.branch, ...status } : null };
  }

  // When my shift starts the incoming looks for what was handed to it.
  const unsubscribe = journal.subscribe((record) => {
    if (record.type === 'shift.started') void sync();
  });
  deps.onResume(() => void sync());
  void sync();

  return {
    status: deliveryStatus,
    sync,
    deliver,
    accept,
    configure,
    /** Resolves when git work under way is done (tests, shutdown). */
    settled: () => queue.then(() => undefined),
    dispose() {
      disposed = true;
      unsubscribe();
      if (pollTimer) clock.clearTimeout(pollTimer);
    },
  };
}

/** `handoffs/<schedule>-<window start>-<outgoing>`: one file per handoff, so two people never write the same one. */
function baseName(report: HandoffReport): string {
  const start = report.header.window.start.replace(/[-:]/g, '').slice(0, 13);
  return `${slug(report.header.scheduleName) || 'shift'}-${start}-${slug(report.header.outgoing) || 'someone'}`;
}

function readAcceptance(text: string | undefined): z.infer<typeof AcceptanceSchema> | null {
  if (!text) return null;
  try {
    return AcceptanceSchema.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

function acceptanceRecorded(records: readonly JournalRecord[], handoffId: string, side: 'me' | 'peer'): boolean {
  return records.some((r) => isEvent(r, 'handoff.accepted') && r.data.handoffId === handoffId && r.data.side === side);
}

/** A handoff sent in the last day that nobody has accepted yet. */
function awaitingAcceptance(records: readonly JournalRecord[], now: number): boolean {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (isEvent(r, 'handoff.sent')) {
      if (now - Date.parse(r.ts) > WAIT_FOR_ACCEPTANCE_MS) return false;
      const prefix = `${r.data.draftId}|`;
      return !records.some((a) => isEvent(a, 'handoff.accepted') && a.data.side === 'peer' && a.data.handoffId.startsWith(prefix));
    }
  }
  return false;
}

/** When I last saw and heard the readiness check's test notification, within the last 12 hours. */
function lastVerified(records: readonly JournalRecord[], now: number): string | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (now - Date.parse(r.ts) > 12 * 3_600_000) return undefined;
    if (isEvent(r, 'readiness.confirmed') && r.data.saw) return r.ts;
  }
  return undefined;
}
