import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { AppUnderTest } from './harness';
import { call, tempDir } from '../helpers/services';
import { CRASHLOOP_RUNBOOK, writeFiles } from '../helpers/runbooks';
import { NIGHT, nightReport } from '../helpers/handoff-fixture';
import { renderMarkdown } from '../../shared/handoff';
import { VIEWS, type ViewId } from '../../renderer/navigation';
import { until } from '../helpers/wait';

/**
 * Every view in every state worth checking, as data: the accessibility sweep (e2e) and the `ui.axe_*`
 * benchmark walk the same list, in both themes. A new state is one line here.
 *
 * Two worlds: `first-run` is a fresh data directory (every empty state, the first-run checklist);
 * `busy` is a night of work (a storm of 30 crash-looping pages, a failing alert source, runbooks, notes,
 * follow-ups, a schedule and a handoff received from the previous on-call), seeded through the real
 * contract and the real webhook receiver.
 */
export type World = 'first-run' | 'busy';

export interface SweepState {
  name: string;
  world: World;
  /** The window's width (default 1100; 360 is the tray popover's). */
  width?: number;
  /** Brings the window to this state from whatever the previous state left. */
  show(page: Page): Promise<void>;
}

const view = (id: ViewId) => async (page: Page) => {
  const target = VIEWS.find((v) => v.id === id)!;
  // Through another view, so the target mounts afresh (no form left open by the previous state).
  const other = VIEWS.find((v) => v.id !== id)!;
  await page.keyboard.press(`Control+${other.digit}`);
  await page.locator('#view-title', { hasText: other.label }).waitFor();
  await page.keyboard.press(`Control+${target.digit}`);
  await page.locator('#view-title', { hasText: target.label }).waitFor();
};

const then =
  (...steps: ((page: Page) => Promise<void>)[]) =>
  async (page: Page) => {
    for (const step of steps) await step(page);
  };

const click = (name: string | RegExp, role: 'button' | 'link' | 'checkbox' | 'radio' = 'button') => async (page: Page) => {
  await page.getByRole(role, { name }).first().click();
};

/** Ticks a checkbox (idempotent: a draft kept across views may have it ticked already). */
const check = (name: string) => async (page: Page) => {
  await page.getByRole('checkbox', { name }).first().check();
};

const text = (shown: string | RegExp) => async (page: Page) => {
  await page.getByText(shown).first().waitFor();
};

const summary = (name: string) => async (page: Page) => {
  await page.locator('summary', { hasText: name }).first().click();
};

export const SWEEP_STATES: SweepState[] = [
  // — a fresh install: every empty state —
  { name: 'shift-first-run', world: 'first-run', show: view('shift') },
  { name: 'pages-empty', world: 'first-run', show: view('pages') },
  { name: 'runbooks-empty', world: 'first-run', show: view('runbooks') },
  { name: 'log-empty', world: 'first-run', show: view('log') },
  { name: 'handoff-empty', world: 'first-run', show: view('handoff') },
  { name: 'settings', world: 'first-run', show: view('settings') },
  // — a busy night —
  { name: 'shift-on-call', world: 'busy', show: then(view('shift'), text('Your status')) },
  { name: 'pages-storm', world: 'busy', show: then(view('pages'), text(/KubePodCrashLooping/)) },
  { name: 'pages-selected', world: 'busy', show: then(view('pages'), async (page) => page.getByText(/KubePodCrashLooping/).first().click()) },
  { name: 'runbooks-list', world: 'busy', show: then(view('runbooks'), text('Pod is crash looping')) },
  { name: 'runbook-open', world: 'busy', show: then(view('runbooks'), async (page) => page.getByText('Pod is crash looping').first().click(), text('kubectl -n payments describe pod')) },
  { name: 'runbook-open-360', world: 'busy', width: 360, show: then(view('runbooks'), async (page) => page.getByText('Pod is crash looping').first().click(), text('kubectl -n payments describe pod')) },
  { name: 'log-populated-360', world: 'busy', width: 360, show: then(view('log'), text('Deploy of payments-api rolled back')) },
  { name: 'handoff-preview-360', world: 'busy', width: 360, show: then(view('handoff'), text('Before you hand over')) },
  { name: 'log-populated', world: 'busy', show: then(view('log'), text('Deploy of payments-api rolled back')) },
  { name: 'log-followup-editor', world: 'busy', show: then(view('log'), check('Mark as a follow-up'), text('Owner (optional)')) },
  { name: 'log-export-open', world: 'busy', show: then(view('log'), summary('Export…')) },
  { name: 'handoff-preview', world: 'busy', show: then(view('handoff'), text('Before you hand over')) },
  { name: 'handoff-next-steps', world: 'busy', show: then(view('handoff'), async (page) => page.getByRole('heading', { name: 'Next steps for what is still open' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))) },
  { name: 'handoff-markdown', world: 'busy', show: then(view('handoff'), text('Before you hand over'), check('Show Markdown')) },
  { name: 'handoff-hours', world: 'busy', show: then(view('handoff'), summary('Business hours and sleep hours')) },
  { name: 'settings-busy', world: 'busy', show: view('settings') },
  { name: 'runbook-source-confirm-remove', world: 'busy', show: then(view('runbooks'), click(/^Remove “Platform runbooks”/)) },
  { name: 'schedule-confirm-remove', world: 'busy', show: then(view('shift'), click(/^Remove the schedule “Payments primary”/)) },
  { name: 'alert-source-confirm-remove', world: 'busy', show: then(view('settings'), click(/^Remove the alert source “payments-am”/)) },
];

/** What Alertmanager posts to a webhook receiver: one group of `count` firing alerts of one name. */
function alertmanagerStorm(alertname: string, count: number, severity: string, startsAt: string) {
  return {
    receiver: 'baton',
    status: 'firing',
    alerts: Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: { alertname, severity, namespace: 'payments', pod: `payments-api-${String(i).padStart(2, '0')}` },
      annotations: { summary: `Pod payments-api-${String(i).padStart(2, '0')} restarted 5 times in 10 minutes` },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: (0xabc0000000000000n + BigInt(i) + BigInt(alertname.length) * 1000n).toString(16).slice(0, 16),
    })),
    groupLabels: { alertname },
    commonLabels: { alertname, severity },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
  };
}

/** A night of work, through the real contract and the real webhook receiver. Returns folders to remove afterwards. */
export async function seedBusy(app: Pick<AppUnderTest, 'services'>): Promise<string[]> {
  const { services } = app;
  await call(services, 'updateSettings', { identity: { name: 'Alice Example' } });
  const post = async (body: unknown) => {
    const response = await fetch(services.pages.webhookUrl()!, {
      method: 'POST',
      headers: { authorization: `Bearer ${services.pages.webhookToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
  };
  const startsAt = new Date(services.deps.clock.now() - 20 * 60_000).toISOString();
  await post(alertmanagerStorm('KubePodCrashLooping', 30, 'high', startsAt));
  await post(alertmanagerStorm('CheckoutErrorRate', 2, 'critical', startsAt));
  await post({ title: 'Nightly backup failed on db-1', severity: 'warning', source: 'cron', dedupKey: 'backup-db-1' });
  await until('the storm in the pages slice', () => services.hub.get().pages.open.length >= 33);

  // An Alertmanager nobody listens at: the failing-source banner and notice.
  await call(services, 'savePageSource', { name: 'payments-am', url: 'http://127.0.0.1:9', auth: 'none' });

  await call(services, 'addScheduleSource', {
    kind: 'rotation',
    name: 'Payments primary',
    rotation: { members: ['Alice Example', 'Bob Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', customDays: 7, startDate: '2026-01-05', timeZone: 'Europe/Berlin', overrides: [] },
  });

  const folder = tempDir('baton-sweep-runbooks-');
  writeFiles(folder, { 'kube-pod-crash-looping.md': CRASHLOOP_RUNBOOK, 'disk-full.md': '# Disk full\n\nFree space with `docker system prune`.\n' });
  await call(services, 'runbookSourceAdd', { kind: 'folder', name: 'Platform runbooks', path: folder });
  await services.runbooks.idle();

  await call(services, 'addNote', { text: 'Deploy of payments-api rolled back; restarts slowing down.' });
  const note = await call(services, 'addNote', { text: 'Crash loops started with the 02:10 deploy.' });
  await call(services, 'addFollowup', { text: 'Find why the 02:10 deploy crash-loops', noteId: note.id, owner: 'Bob Example', due: '2026-12-02' });

  const carol = nightReport({ now: NIGHT.end, scheduleId: 'payments-secondary', scheduleName: 'Payments secondary', outgoing: 'Carol Example', incoming: 'Alice Example' });
  await call(services, 'importHandoff', { text: renderMarkdown({ ...carol, notesForNext: 'Watch db-1 disk.' }) });
  return [folder];
}

export interface AxeFinding {
  state: string;
  theme: 'light' | 'dark';
  impact: string;
  rule: string;
  targets: string[];
}

/** axe-core over the whole window as it is now: the critical and serious findings. */
export async function axeFindings(page: Page, state: string, theme: 'light' | 'dark'): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({ state, theme, impact: v.impact!, rule: v.id, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Shows each state of `world` in both themes and collects what axe finds; `each` runs after every state (screenshots). */
export async function sweepWorld(
  page: Page,
  world: World,
  each?: (state: SweepState, theme: 'light' | 'dark') => Promise<void>,
): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const state of SWEEP_STATES.filter((s) => s.world === world)) {
      await page.setViewportSize(state.width === 360 ? { width: 360, height: 640 } : { width: state.width ?? 1100, height: 720 });
      await state.show(page);
      findings.push(...(await axeFindings(page, state.name, theme)));
      await each?.(state, theme);
    }
  }
  return findings;
}
