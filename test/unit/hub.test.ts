import { describe, expect, it } from 'vitest';
import { createHub } from '../../electron/hub';
import { memoryLogger } from '../../electron/log';
import { initialAppState, type AppState } from '../../shared/state';
import { defaultSettings } from '../../shared/settings';

describe('hub contract check', () => {
  const state = (): AppState => initialAppState({ version: '0.0.0-test', platform: 'linux', systemTimeZone: 'Europe/Berlin' }, defaultSettings());
  // Deliberately breaks the contract, as a bug in main would.
  const broken = { view: 42 } as unknown as { view: string };

  it('refuses a payload that breaks the contract when checking (tests, development)', () => {
    const log = memoryLogger();
    const hub = createHub(state(), log);
    const sent: unknown[] = [];
    hub.connect((_event, payload) => void sent.push(payload));
    hub.emit('navigate', broken);
    hub.emit('navigate', { view: 'pages' });
    expect(sent).toEqual([{ view: 'pages' }]);
    expect(log.lines.some((l) => l.includes('breaks the contract'))).toBe(true);
  });

  it('sends payloads as built, without parsing them, when not checking (the packaged app)', () => {
    const hub = createHub(state(), memoryLogger(), { checkContract: false });
    const sent: unknown[] = [];
    hub.connect((_event, payload) => void sent.push(payload));
    hub.emit('navigate', broken);
    const pages = { ...hub.get().pages };
    hub.set('pages', pages);
    expect(sent[0]).toBe(broken);
    // The slice object itself reaches the sink: nothing copied or re-validated per event.
    expect(sent[1]).toEqual({ pages });
    expect((sent[1] as { pages: unknown }).pages).toBe(pages);
  });
});
