import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
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

    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      for (const width of [360, 720, 1100]) {
        await app.page.setViewportSize({ width, height: 800 });
        await box.scrollIntoViewIfNeeded();
        await app.screenshot(`settings-terminal-${width}-${colorScheme}`);
        const results = await new AxeBuilder({ page: app.page }).include('[aria-labelledby="terminal-title"]').analyze();
        const serious = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${width} px ${colorScheme}`).toEqual([]);
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        expect(overflow, `sideways scroll at ${width} px`).toBe(false);
      }
    }

    await box.click();
    await until('the setting to be saved off', () => !app.services.settings.get().assistants.mayAcknowledge);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
