import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';

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

    await lookAtWidths(app.page, { height: 800, axe: ['form[aria-labelledby="general-title"]'], noSideways: false }, async (width, colorScheme) => {
      await field.scrollIntoViewIfNeeded();
      await app.screenshot(`settings-storm-${width}-${colorScheme}`);
    });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
