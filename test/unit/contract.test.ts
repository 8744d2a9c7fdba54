import { afterEach, describe, expect, it } from 'vitest';
import { channels, eventNames, events, requests } from '../../shared/contract';
import { buildBatonApi, BatonError } from '../../shared/bridge';
import { createDispatch, isTrustedSender, type Handlers } from '../../electron/router';
import { UserError } from '../../electron/user-error';
import { memoryLogger } from '../../electron/log';
import { appSender, startServices, type TestServices } from '../helpers/services';
import { APP_ENTRY, APP_ORIGIN } from '../../electron/origin';

describe('the IPC contract', () => {
  let services: TestServices | undefined;
  afterEach(async () => services?.dispose());

  it('has a handler for every request channel, and no handler without a channel', async () => {
    services = await startServices();
    expect(Object.keys(services.handlers).sort()).toEqual([...channels].sort());
    for (const channel of channels) expect(typeof services.handlers[channel]).toBe('function');
  });

  it('describes every channel and event with zod schemas', () => {
    for (const channel of channels) {
      expect(typeof requests[channel].args.safeParse).toBe('function');
      expect(typeof requests[channel].result.safeParse).toBe('function');
    }
    for (const name of eventNames) expect(typeof events[name].safeParse).toBe('function');
  });

  it('answers getState through the dispatch with a snapshot that satisfies the schema', async () => {
    services = await startServices();
    const envelope = await services.dispatch('getState', undefined, appSender);
    expect(envelope.ok).toBe(true);
    if (envelope.ok) expect(requests.getState.result.parse(envelope.value).app.version).toBe('0.0.0-test');
  });
});

describe('dispatch', () => {
  const log = memoryLogger();
  const handlers = {
    getState: () => ({ wrong: true }),
    updateSettings: () => {
      throw new UserError('The disk is full.');
    },
    pauseNotifications: () => {
      throw new Error('boom');
    },
    resumeNotifications: () => ({ until: null, indefinite: false }),
    dismissNotice: () => ({ ok: true as const }),
    openExternal: () => ({ ok: true as const }),
  } as unknown as Handlers;
  const dispatch = createDispatch(handlers, log);

  it('refuses senders that are not the app window main frame on the app origin', async () => {
    for (const sender of [
      { ...appSender, isMainFrame: false },
      { ...appSender, isAppWindow: false },
      { ...appSender, frameUrl: 'https://evil.example/index.html' },
      { ...appSender, frameUrl: 'not a url' },
    ]) {
      const envelope = await dispatch('resumeNotifications', undefined, sender);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('trusts the production origin app://baton by scheme and host, not by string prefix or URL.origin', () => {
    // Node gives "null" as the origin of app://baton; a check built on URL.origin refuses the app itself.
    expect(new URL(APP_ENTRY).origin).toBe('null');
    for (const url of [APP_ENTRY, `${APP_ORIGIN}/deep/page?x=1#top`]) {
      expect(isTrustedSender({ ...appSender, frameUrl: url }), url).toBe(true);
    }
    for (const url of [
      `${APP_ORIGIN}.evil.example/`,
      'app://batonx/index.html',
      'app://evil@baton/index.html',
      'app://baton:8080/index.html',
      'http://baton/index.html',
      'file:///index.html',
      'null',
      '',
    ]) {
      expect(isTrustedSender({ ...appSender, frameUrl: url }), url).toBe(false);
    }
  });

  it('refuses unknown channels, including inherited property names', async () => {
    await expect(dispatch('deleteEverything', undefined, appSender)).resolves.toMatchObject({ error: { code: 'unknown-channel' } });
    await expect(dispatch('__proto__', undefined, appSender)).resolves.toMatchObject({ error: { code: 'unknown-channel' } });
    await expect(dispatch('toString', undefined, appSender)).resolves.toMatchObject({ error: { code: 'unknown-channel' } });
  });

  it('refuses arguments that break the schema, naming the field', async () => {
    const envelope = await dispatch('pauseNotifications', { minutes: -5 }, appSender);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    const strict = await dispatch('updateSettings', { identity: { name: 'x' }, evil: true }, appSender);
    expect(strict).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });

  it('passes a UserError message through and hides internal results that break the contract', async () => {
    await expect(dispatch('updateSettings', { theme: 'dark' }, appSender)).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'The disk is full.' },
    });
    const broken = await dispatch('getState', undefined, appSender);
    expect(broken).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(log.lines.some((l) => l.includes('breaks the contract'))).toBe(true);
    await expect(dispatch('pauseNotifications', { minutes: 5 }, appSender)).resolves.toMatchObject({
      error: { message: 'pauseNotifications failed: boom' },
    });
  });
});

describe('buildBatonApi', () => {
  it('turns every channel into a named function and errors into BatonError', async () => {
    const calls: [string, unknown][] = [];
    const api = buildBatonApi({
      invoke: async (channel, args) => {
        calls.push([channel, args]);
        return channel === 'dismissNotice'
          ? { ok: false, error: { code: 'invalid-args', message: 'dismissNotice: id: required' } }
          : { ok: true, value: { until: null, indefinite: false } };
      },
      subscribe: () => () => undefined,
    });
    expect(Object.keys(api).sort()).toEqual([...channels, 'on'].sort());
    await expect(api.resumeNotifications()).resolves.toEqual({ until: null, indefinite: false });
    const error = await api.dismissNotice({ id: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('invalid-args');
    expect(calls).toEqual([
      ['resumeNotifications', undefined],
      ['dismissNotice', { id: '' }],
    ]);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
