import { describe, expect, it } from 'vitest';
import { activationOf, createNodeNotifier, SHOWN_AFTER_MS, type NodeNotify } from '../../electron/node-notifier';
import type { NotificationActivation, NotificationRequest } from '../../electron/notifier';
import { pageLink } from '../../shared/links';

/**
 * macOS (terminal-notifier) and Windows (SnoreToast) through node-notifier, wired with the callback
 * shapes node-notifier documents: there is no terminal-notifier or SnoreToast binary on this
 * machine, so its `notify` is played by a function that answers exactly as node-notifier does.
 */
const request: NotificationRequest = {
  key: 'am:0123456789abcdef',
  title: 'CheckoutDown: checkout returns 503',
  body: 'CRITICAL · payments-am',
  urgency: 'critical',
  sticky: true,
  sound: true,
  opens: pageLink('am:0123456789abcdef'),
  actions: ['ack', 'snooze'],
};

function helper() {
  const calls: { options: Record<string, unknown>; answer: Parameters<NodeNotify>[1] }[] = [];
  const notify: NodeNotify = (options, answer) => void calls.push({ options, answer });
  return { calls, notify };
}

describe('node-notifier on macOS and Windows: clicks and buttons reported', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: asks to wait for the user, with the buttons, and one notification per page`, () => {
      const { calls, notify } = helper();
      void createNodeNotifier({ appName: 'Baton', platform, notify }).notify(request);
      expect(calls[0].options).toMatchObject({ title: request.title, message: request.body, wait: true, actions: ['Acknowledge', 'Snooze 15 min'], sound: true });
      if (platform === 'darwin') expect(calls[0].options).toMatchObject({ group: request.key, timeout: 24 * 60 * 60 });
      else expect(calls[0].options).toMatchObject({ appID: 'dev.baton.app', id: expect.any(Number) });
      expect(calls[0].options).not.toHaveProperty('urgency');
    });
  }

  it('macOS: a click on the bubble opens the page, a button acts, timeouts and closes do nothing', async () => {
    const { calls, notify } = helper();
    const notifier = createNodeNotifier({ appName: 'Baton', platform: 'darwin', notify });
    const seen: NotificationActivation[] = [];
    notifier.onActivation!((a) => seen.push(a));
    // terminal-notifier's JSON, after node-notifier's mapping: response "activate", metadata with activationType.
    const shown = [notifier.notify(request), notifier.notify(request), notifier.notify(request), notifier.notify(request)];
    calls[0].answer(null, 'activate', { activationType: 'contentsClicked' });
    calls[1].answer(null, 'activate', { activationType: 'actionClicked', activationValue: 'Acknowledge', activationValueIndex: '0' });
    calls[2].answer(null, 'activate', { activationType: 'actionClicked', activationValue: 'Snooze 15 min', activationValueIndex: '1' });
    calls[3].answer(null, 'timeout', { activationType: 'timeout' });
    await expect(Promise.all(shown)).resolves.toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
    expect(seen).toEqual([
      { key: request.key, action: 'open', opens: request.opens },
      { key: request.key, action: 'ack', opens: undefined },
      { key: request.key, action: 'snooze', opens: undefined },
    ]);
  });

  it('Windows: SnoreToast reports the toast click as activate and a button by its label', () => {
    // node-notifier lower-cases SnoreToast's answer: "activate" for the toast, the button's label for a button.
    expect(activationOf('activate', { action: 'activated', activationType: 'activated' }, ['Acknowledge'])).toBe('open');
    expect(activationOf('acknowledge', { action: 'buttonClicked', button: 'Acknowledge', activationType: 'Acknowledge' }, ['Acknowledge', 'Snooze 15 min'])).toBe('ack');
    expect(activationOf('snooze 15 min', { action: 'buttonClicked', button: 'Snooze 15 min', activationType: 'Snooze 15 min' }, ['Acknowledge', 'Snooze 15 min'])).toBe('snooze');
    expect(activationOf('dismissed', { action: 'dismissed', activationType: 'dismissed' }, ['Acknowledge'])).toBeNull();
    expect(activationOf('timeout', { action: 'timedout', activationType: 'timedout' }, ['Acknowledge'])).toBeNull();
    // A button Baton did not offer is no action.
    expect(activationOf('snooze 15 min', { action: 'buttonClicked', button: 'Snooze 15 min' }, ['Acknowledge'])).toBeNull();
  });

  it('an error exit of the helper is a failure at once, not a user who has not answered yet', async () => {
    const { calls, notify } = helper();
    const late: string[] = [];
    const notifier = createNodeNotifier({ appName: 'Baton', platform: 'win32', notify, onLateFailure: (e) => late.push(e) });
    const shown = notifier.notify(request);
    calls[0].answer(new Error('Command failed: snoretoast-x64.exe\nThe notification platform is unavailable'));
    await expect(shown).resolves.toEqual({ ok: false, error: 'The notification platform is unavailable' });
    expect(late).toEqual([]);
  });

  it('a notification the user has not answered counts as shown; an error after that is still reported', async () => {
    const { calls, notify } = helper();
    const late: string[] = [];
    const notifier = createNodeNotifier({ appName: 'Baton', platform: 'darwin', notify, onLateFailure: (e) => late.push(e) });
    const started = Date.now();
    await expect(notifier.notify(request)).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SHOWN_AFTER_MS - 50);
    calls[0].answer(new Error('terminal-notifier was killed'));
    expect(late).toEqual(['terminal-notifier was killed']);
  });

  it('Linux (notify-send): no waiting, no buttons, and Settings is told why', () => {
    const { calls, notify } = helper();
    const notifier = createNodeNotifier({ appName: 'Baton', platform: 'linux', notify, fallbackReason: 'no notification service answers' });
    void notifier.notify(request);
    expect(calls[0].options).toMatchObject({ wait: false, urgency: 'critical', timeout: 0, 'app-name': 'Baton' });
    expect(calls[0].options).not.toHaveProperty('actions');
    expect(notifier.info!()).toEqual({ backend: 'node-notifier', actions: false, detail: 'notify-send: clicks and buttons cannot be reported, because no notification service answers' });
  });
});
