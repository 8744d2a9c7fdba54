import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { manualClock, type ManualClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { ACCEPTANCE_POLL_MS } from '../../electron/handoff/delivery';
import { WEBHOOK_SOURCE_ID } from '../../electron/pages';
import type { IncomingAlert } from '../../electron/pages/normalise';

/**
 * Two Batons (two data folders, two people) hand over through a real bare git repository:
 * Alice's week on Payments primary ends Monday 16 Nov 2026 09:00 Berlin, Bob's begins.
 */
const git = (args: string[], cwd?: string) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
const ROTA = { members: ['Alice Example', 'Bob Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', startDate: '2026-11-09', timeZone: 'Europe/Berlin', overrides: [] };

async function baton(name: string, clock: ManualClock): Promise<TestServices> {
  const services = await startServices({ clock, dataDir: tempDir(`baton-${name.split(' ')[0].toLowerCase()}-`) });
  await call(services, 'updateSettings', { identity: { name, emails: [`${name.split(' ')[0].toLowerCase()}@example.com`] } });
  await call(services, 'addScheduleSource', { kind: 'rotation', name: 'Payments primary', rotation: ROTA });
  return services;
}

const alert = (name: string, startsAt: string): IncomingAlert => ({
  pageId: `${WEBHOOK_SOURCE_ID}:${name}`, kind: 'generic', dedupKey: name, title: name, severity: 'high', labels: { alertname: name }, annotations: {}, startsAt, firing: true,
});

describe('handoff through a shared git repository, accepted on both sides', () => {
  let bare: string;
  let alice: TestServices;
  let bob: TestServices;
  const aliceClock = manualClock('2026-11-16T07:45:00Z'); // Mon 08:45 CET, 15 min before the handoff
  const bobClock = manualClock('2026-11-16T07:45:00Z');

  beforeAll(async () => {
    bare = path.join(tempDir('baton-handoffs-'), 'handoffs.git');
    git(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    alice = await baton('Alice Example', aliceClock);
    bob = await baton('Bob Example', bobClock);
  });
  afterAll(async () => {
    await alice?.dispose();
    await bob?.dispose();
  });

  it('"Hand over" commits the Markdown and JSON and pushes them to a new, empty repository', async () => {
    const status = await call(alice, 'setHandoffRepository', { url: bare, branch: 'main' });
    expect(status.git).toMatchObject({ where: bare, branch: 'main', error: null });
    await alice.pages.ingest({ id: WEBHOOK_SOURCE_ID, name: 'payments' }, [alert('CheckoutLatency', '2026-11-16T07:30:00.000Z')]);
    await call(alice, 'addFollowup', { text: 'Find why checkout latency spikes at 08:30' });
    await call(alice, 'editHandoff', { draftId: (await call(alice, 'getHandoffDraft', { kind: 'shift' })).report.id, notes: 'Latency is being watched; roll back 4.2 if it climbs.' });

    const sent = await call(alice, 'handOver', { kind: 'shift' });
    expect(sent.delivery).toEqual({ ok: true, message: `Pushed to ${bare}.` });
    const files = git(['--git-dir', bare, 'ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
    expect(files).toEqual(['handoffs/payments-primary-20261109T0800-alice-example.json', 'handoffs/payments-primary-20261109T0800-alice-example.md']);
    expect(git(['--git-dir', bare, 'log', '-1', '--format=%an <%ae>|%s', 'main']).trim()).toBe('Alice Example <alice@example.com>|Handoff: Payments primary, Alice Example → Bob Example');
    expect(git(['--git-dir', bare, 'show', 'main:handoffs/payments-primary-20261109T0800-alice-example.md'])).toContain('roll back 4.2 if it climbs');
  });

  it('the incoming Baton pulls when its shift starts, shows "Handoff from Alice" and imports it', async () => {
    await call(bob, 'setHandoffRepository', { url: bare, branch: 'main' });
    // Bob's shift starts at 09:00: shifts journal it, and the handoff repository is pulled.
    await call(bob, 'updateSettings', { identity: { name: 'Bob Example', emails: ['bob@example.com'] } });
    bobClock.set(Date.parse('2026-11-16T08:00:30Z'));
    await until('Bob to have the handoff', () => bob.hub.get().handoff?.received[0]);
    const received = bob.hub.get().handoff!.received[0];
    expect(received).toMatchObject({ from: 'Alice Example', to: 'Bob Example', via: 'repository', notes: 'Latency is being watched; roll back 4.2 if it climbs.' });
    expect(received.openPages.map((p) => p.title)).toEqual(['CheckoutLatency']);
    expect(received.acceptedAt).toBeUndefined();
    const followups = (await call(bob, 'getState')).journal?.openFollowups.map((f) => f.text);
    expect(followups).toContain('Find why checkout latency spikes at 08:30');
  });

  it('shows what changed between the handoff and the acceptance', async () => {
    const { handoffId } = bob.hub.get().handoff!.received[0];
    bobClock.set(Date.parse('2026-11-16T08:02:00Z'));
    await bob.pages.ingest({ id: WEBHOOK_SOURCE_ID, name: 'payments' }, [alert('CheckoutErrors', '2026-11-16T08:01:30.000Z')]);
    const changes = await call(bob, 'handoffChanges', { handoffId });
    expect(changes.since).toBe('2026-11-16T07:45:00.000Z');
    expect(changes.entries.map((e) => e.text)).toEqual(['Paged “CheckoutErrors” (high) from payments']);
  });

  it('"I have it" records the acceptance and pushes it back; the outgoing Baton shows "accepted by Bob at 09:03"', async () => {
    const { handoffId } = bob.hub.get().handoff!.received[0];
    // Bob verified his alerting first: his readiness check's test notification, seen and heard at 08:52.
    bobClock.set(Date.parse('2026-11-16T07:52:00Z'));
    const check = await call(bob, 'runReadinessCheck');
    await call(bob, 'confirmReadiness', { checkId: check.checkId, saw: true });
    bobClock.set(Date.parse('2026-11-16T08:03:00Z'));
    const accepted = await call(bob, 'acceptHandoff', { handoffId });
    expect(accepted).toEqual({ acceptedAt: '2026-11-16T08:03:00.000Z', pushed: true, message: 'Accepted; Alice Example sees it at their next sync.' });
    expect(bob.hub.get().handoff!.received[0].acceptedAt).toBe('2026-11-16T08:03:00.000Z');
    expect(git(['--git-dir', bare, 'log', '-1', '--format=%an|%s', 'main']).trim()).toBe('Bob Example|Accepted: Alice Example → Bob Example');
    // Accepting twice changes nothing.
    expect((await call(bob, 'acceptHandoff', { handoffId })).acceptedAt).toBe('2026-11-16T08:03:00.000Z');
    expect(bob.journal.records().filter((r) => r.type === 'handoff.accepted')).toHaveLength(1);

    // Alice's Baton looks again while her handoff waits for its acceptance, by itself.
    aliceClock.advance(ACCEPTANCE_POLL_MS);
    await until('Alice to see the acceptance', () => alice.hub.get().handoff?.lastSent?.acceptedBy);
    expect(alice.hub.get().handoff!.lastSent).toMatchObject({ to: 'Bob Example', acceptedBy: 'Bob Example', acceptedAt: '2026-11-16T08:03:00.000Z', incomingVerifiedAt: '2026-11-16T07:52:00.000Z' });
    // Bob's own report of his shift says he verified alerting at 08:52.
    expect((await call(bob, 'getHandoffDraft', { kind: 'shift' })).report.readiness).toEqual({ verifiedAt: '2026-11-16T07:52:00.000Z' });
    const record = alice.journal.records().find((r) => r.type === 'handoff.accepted');
    expect(record?.data).toMatchObject({ by: 'Bob Example', side: 'peer' });
    // Seen once: another look adds nothing.
    expect(await call(alice, 'syncHandoffs')).toEqual({ imported: 0, accepted: 0 });
  });
});

describe('handoff repository faults', () => {
  it('a repository that cannot be reached is said in the status, and the handoff is still recorded', async () => {
    const clock = manualClock('2026-11-16T07:45:00Z');
    const alice = await baton('Alice Example', clock);
    try {
      const missing = path.join(tempDir('baton-nothing-'), 'gone.git');
      const status = await call(alice, 'setHandoffRepository', { url: missing, branch: 'main' });
      expect(status.git?.error).toMatch(/^The handoff repository .*gone\.git could not be reached: .*does not appear to be a git repository/);
      const sent = await call(alice, 'handOver', { kind: 'shift' });
      expect(sent.delivery?.ok).toBe(false);
      expect(alice.journal.records().some((r) => r.type === 'handoff.sent')).toBe(true);
    } finally {
      await alice.dispose();
    }
  });

  it('refuses a git URL that would run a command', async () => {
    const clock = manualClock('2026-11-16T07:45:00Z');
    const alice = await baton('Alice Example', clock);
    try {
      await expect(call(alice, 'setHandoffRepository', { url: 'ext::sh -c touch% owned', branch: 'main' })).rejects.toThrow('That git URL is not allowed.');
    } finally {
      await alice.dispose();
    }
  });
});
