import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';

/** The storm window in Settings: set in the form, saved in the real settings, looked at in every size and theme. */
describe('Settings: grouping pages of a storm', () => {
  const app = useApp();

  it('saves the storm window and shows it at 360, 720 and 1100 px, light and dark, with no serious accessibility problem', async () => {
    await app.page.keyboard.press('Control+6');
    const field = app.page.getByLabel('Group pages from one source arriving within (seconds)');
    await expect(field.inputValue()).resolves.toBe('4');
    await field.fill('10');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByText('Saved.').waitFor();
    expect(app.services.settings.get().notifications.stormWindowSeconds).toBe(10);

    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      for (const width of [360, 720, 1100]) {
        await app.page.setViewportSize({ width, height: 800 });
        await field.scrollIntoViewIfNeeded();
        await app.screenshot(`settings-storm-${width}-${colorScheme}`);
        const results = await new AxeBuilder({ page: app.page }).include('form[aria-labelledby="general-title"]').analyze();
        const serious = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${width} px ${colorScheme}`).toEqual([]);
      }
    }
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
