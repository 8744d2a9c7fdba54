import { describe, expect, it } from 'vitest';
import { createHub } from '../../electron/hub';
import { memoryLogger } from '../../electron/log';
import { watchTray } from '../../electron/tray-updates';
import { defaultSettings } from '../../shared/settings';
import { initialAppState } from '../../shared/state';
import { trayModel, type TrayModel } from '../../shared/tray';

const now = Date.parse('2026-11-22T10:00:00Z');

function setup() {
  const hub = createHub(initialAppState({ version: '0.0.0-test', platform: 'linux', systemTimeZone: 'Europe/Berlin' }, defaultSettings()), memoryLogger());
  const model = () => trayModel({ now, timeZone: 'Europe/Berlin', pause: hub.get().pause, shift: null, openPages: 0 });
  const rendered: TrayModel[] = [];
  const stop = watchTray(hub, model, (m) => rendered.push(m));
  return { hub, rendered, stop };
}

describe('the tray is redrawn only when what it shows changes', () => {
  it('draws once at start and not for runbook sync progress', () => {
    const { hub, rendered } = setup();
    expect(rendered).toHaveLength(1);
    for (let done = 0; done < 50; done++) {
      hub.set('runbooks', { sources: [], total: done, indexReady: true, linkUpdates: 0 });
    }
    expect(rendered).toHaveLength(1);
  });

  it('redraws when the pause changes, but not when an input is set to what it already was', () => {
    const { hub, rendered, stop } = setup();
    hub.set('pause', { until: null, indefinite: true });
    expect(rendered).toHaveLength(2);
    expect(rendered[1].icon).toBe('paused');
    hub.set('pause', { until: null, indefinite: true });
    expect(rendered).toHaveLength(2);
    stop();
    hub.set('pause', { until: null, indefinite: false });
    expect(rendered).toHaveLength(2);
  });
});
