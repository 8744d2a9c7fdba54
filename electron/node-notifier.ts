import nodeNotifier from 'node-notifier';
import type { Notifier } from './notifier';

/**
 * node-notifier, the user's choice of notification library. On Linux it runs notify-send, which
 * cannot report clicks; a sticky notification is sent with an expire time of 0 (never expires).
 * The callback is always passed, so a failure is seen rather than swallowed.
 */
export function createNodeNotifier(options: { appName: string; icon?: string } = { appName: 'Baton' }): Notifier {
  return {
    notify(request) {
      return new Promise((resolve) => {
        nodeNotifier.notify(
          {
            title: request.title,
            message: request.body,
            icon: options.icon,
            sound: request.sound,
            wait: false,
            // notify-send: --urgency, --expire-time (ms; 0 = until dismissed), --app-name
            urgency: request.urgency,
            timeout: request.sticky ? 0 : 10,
            'app-name': options.appName,
          } as nodeNotifier.Notification,
          (error) => resolve(error ? { ok: false, error: error.message } : { ok: true }),
        );
      });
    },
  };
}
