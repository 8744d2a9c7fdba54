import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { until } from '../helpers/wait';
import { escalationSection } from '../../electron/escalation';
import { loadHoursSection } from '../../electron/trends';

/** Settings → Escalation and support hours: the ladder and the hold, validated as typed and saved in the real settings. */
describe('Settings: escalation and support hours', () => {
  const app = useApp();

  it('refuses intervals that grow and support hours without days, with the reason by the field, then saves the rules; reads well at 360, 720 and 1100 px, light and dark', async () => {
    await app.page.keyboard.press('Control+6');
    const form = app.page.getByRole('form', { name: 'Escalation and support hours' });
    const critical = form.getByRole('group', { name: 'Critical pages' });
    const intervals = critical.getByRole('textbox', { name: 'Repeat after (minutes)' });
    await intervals.fill('1, 5');
    await expect(critical.getByText('Each interval must be as short as the one before or shorter').isVisible()).resolves.toBe(true);
    await expect(intervals.getAttribute('aria-invalid')).resolves.toBe('true');
    await form.getByRole('button', { name: 'Save escalation rules' }).click();
    await until('the refusal', () => form.getByText('Not saved: fix the fields marked above.').isVisible());
    expect(app.services.settings.read(escalationSection).ladder.critical.repeatMinutes).toEqual([]);

    await intervals.fill('5, 2, 1');
    await critical.getByRole('spinbutton', { name: 'Louder after (repeats, 0 = never)' }).fill('3');
    await critical.getByRole('combobox', { name: 'Louder sound' }).selectOption('phone-incoming-call');
    await form.getByRole('checkbox', { name: /hold pages and deliver them as one digest/ }).check();
    const days = form.getByRole('group', { name: 'Support days' });
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await days.getByRole('checkbox', { name: day }).uncheck();
    await until('the support-days error', () => form.getByText('Choose at least one support day, or turn holding off.').isVisible());
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await days.getByRole('checkbox', { name: day }).check();
    await form.getByLabel('From').fill('09:00');
    await form.getByRole('combobox', { name: 'Hold' }).selectOption('high');
    await form.getByRole('button', { name: 'Save escalation rules' }).click();
    await until('the rules to be saved', () => app.services.settings.read(escalationSection).supportHours.enabled);
    const saved = app.services.settings.read(escalationSection);
    expect(saved.ladder.critical).toMatchObject({ repeatMinutes: [5, 2, 1], louderAfter: 3, louderSound: 'phone-incoming-call' });
    expect(saved.supportHours).toEqual({ enabled: true, holdBelow: 'high' });
    // Support hours are the Load view's business hours: one concept, changed in both places.
    expect(app.services.settings.read(loadHoursSection).business).toEqual({ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' });
    await until('the saved message', () => form.getByText('Saved; the next notification follows the new rules.').isVisible());

    // An error shown for the screenshots too.
    await intervals.fill('0');
    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      for (const width of [360, 720, 1100]) {
        await app.page.setViewportSize({ width, height: 800 });
        await critical.scrollIntoViewIfNeeded();
        await app.screenshot(`settings-escalation-${width}-${colorScheme}`);
        const results = await new AxeBuilder({ page: app.page }).include('form.escalation-settings').analyze();
        const serious = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${width} px ${colorScheme}`).toEqual([]);
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        expect(overflow, `sideways scroll at ${width} px`).toBe(false);
      }
    }
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
