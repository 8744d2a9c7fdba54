import type { Handlers } from './router';
import type { Notifier } from './notifier';
import type { SettingsService } from './settings';
import type { Clock } from './clock';
import { UserError } from './user-error';

/**
 * The last step of first-run setup: a real notification through the same notifier pages use. When
 * the OS took it, the time is kept in settings (`setup.testNotificationAt`), which ticks the step.
 */
export function setupHandlers(deps: { notifier: Notifier; settings: Pick<SettingsService, 'update'>; clock: Clock; published(): void }): Pick<Handlers, 'sendTestNotification'> {
  return {
    sendTestNotification: async () => {
      const result = await deps.notifier.notify({
        key: 'setup:test',
        title: 'Baton test notification',
        body: 'Pages will look like this. Nothing is wrong.',
        urgency: 'normal',
        sticky: false,
        sound: false,
      });
      if (!result.ok) throw new UserError(`The notification could not be shown: ${result.error}`);
      deps.settings.update({ setup: { testNotificationAt: new Date(deps.clock.now()).toISOString() } });
      deps.published();
      return { ok: true as const };
    },
  };
}
