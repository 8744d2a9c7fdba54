import { describe, expect, it } from 'vitest';
import { trayModel, type TrayInput } from '../../shared/tray';
import { NOT_PAUSED } from '../../shared/pause';

const now = Date.parse('2026-11-22T10:00:00Z'); // Sun 11:00 CET
const base: TrayInput = { now, timeZone: 'Europe/Berlin', pause: NOT_PAUSED, shift: null, openPages: 0 };
const actions = (input: TrayInput) =>
  trayModel(input).menu.flatMap((item) => (item.type === 'action' ? [item.id] : []));

describe('trayModel', () => {
  it('says plainly when no schedule is configured', () => {
    const model = trayModel(base);
    expect(model.icon).toBe('off-call');
    expect(model.tooltip).toBe('Baton — No schedule configured');
    expect(actions(base)).toEqual(['open', 'quick-view', 'add-note', 'prepare-handoff', 'pause-15', 'pause-60', 'pause-indefinite', 'quit']);
  });

  it('shows the end of my shift with its zone and the time left when on call', () => {
    const input = { ...base, shift: { onCall: true, boundary: '2026-11-24T08:00:00Z', currentOnCall: null } };
    const model = trayModel(input);
    expect(model.icon).toBe('on-call');
    expect(model.tooltip).toBe('Baton — On call until Tue 24 Nov, 09:00 CET (1 d 22 h left)');
  });

  it('shows the next shift and who is on call when off call', () => {
    const input = { ...base, shift: { onCall: false, boundary: '2026-11-26T08:00:00Z', currentOnCall: 'Bob' } };
    const model = trayModel(input);
    expect(model.icon).toBe('off-call');
    expect(model.tooltip).toContain('Next shift Thu 26 Nov, 09:00 CET');
    expect(model.menu).toContainEqual({ type: 'label', label: 'On call now: Bob' });
  });

  it('turns red with the number of open pages, whatever else is going on', () => {
    const input = { ...base, openPages: 3, pause: { until: null, indefinite: true } };
    const model = trayModel(input);
    expect(model.icon).toBe('paging');
    expect(model.tooltip).toContain('3 open pages');
    expect(trayModel({ ...base, openPages: 1 }).tooltip).toContain('1 open page');
  });

  it('offers Resume instead of the pause choices while paused, and stops offering it once the pause ran out', () => {
    const paused = { ...base, pause: { until: '2026-11-22T10:15:00Z', indefinite: false } };
    expect(trayModel(paused).icon).toBe('paused');
    expect(trayModel(paused).tooltip).toContain('Notifications paused until Sun 22 Nov, 11:15 CET');
    expect(actions(paused)).toEqual(['open', 'quick-view', 'add-note', 'prepare-handoff', 'resume', 'quit']);
    const later = { ...paused, now: Date.parse('2026-11-22T10:16:00Z') };
    expect(actions(later)).toContain('pause-15');
  });
});
