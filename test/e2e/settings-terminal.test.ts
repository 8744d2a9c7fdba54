import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { until } from '../helpers/wait';

/** Settings → Terminal and assistants: the switch that lets `baton mcp` acknowledge pages, saved in the real settings. */
describe('Settings: terminal and assistants', () => {
  const app = useApp();

  it('is off by default, turns on and off at once, and reads well at 360, 720 and 1100 px, light and dark', async () => {
    await app.page.keyboard.press('Control+6');
    const box = app.page.getByRole('checkbox', { name: 'Let assistants acknowledge pages' });
    await expect(box.isChecked()).resolves.toBe(false);
    expect(app.services.settings.get().assistants.mayAcknowledge).toBe(false);

    // A click, not check(): the box follows the saved setting, which comes back from main a moment later.
    await box.click();
    await until('the setting to be saved on', () => app.services.settings.get().assistants.mayAcknowledge);
    await expect(box.isEnabled()).resolves.toBe(true);

    await lookAtWidths(app.page, { height: 800, axe: ['[aria-labelledby="terminal-title"]'] }, async (width, colorScheme) => {
      await box.scrollIntoViewIfNeeded();
      await app.screenshot(`settings-terminal-${width}-${colorScheme}`);
    });

    await box.click();
    await until('the setting to be saved off', () => !app.services.settings.get().assistants.mayAcknowledge);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
