import type { Handlers } from './router';
import type { Notifier } from './notifier';
import type { SettingsService } from './settings';
import type { Clock } from './clock';
import { UserError } from './user-error';

/**
 * The last step of first-run setup: a real notification through the same notifier pages use. When
 * the OS took it, the time is kept in settings (`setup.testNotificationAt`), which ticks the step.
 */
export interface SetupDeps {
  notifier: Notifier;
  settings: Pick<SettingsService, 'update'>;
  clock: Clock;
  published(): void;
  /** The pages' webhook receiver: where it listens (null while off) and its token. */
  webhook: { url(): string | null; token(): string };
  copyText(text: string): Promise<void>;
}

export function setupHandlers(deps: SetupDeps): Pick<Handlers, 'sendTestNotification' | 'webhookAddress'> {
  return {
    /**
     * The URL a sender that cannot set a header (Grafana, a script) posts to: with `?token=`. The
     * token stays out of the state mirror; it reaches the window only when the user asks to see it,
     * and with `copy` not even then (main puts it on the clipboard).
     */
    webhookAddress: async ({ copy }) => {
      const base = deps.webhook.url();
      if (!base) return { url: null };
      const url = new URL(base);
      url.searchParams.set('token', deps.webhook.token());
      if (!copy) return { url: url.href };
      await deps.copyText(url.href);
      return { url: null };
    },
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
