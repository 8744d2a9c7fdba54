import nodeNotifier from 'node-notifier';
import type { Notifier } from './notifier';
import { errorText } from '../shared/errors';

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
            title: clean(request.title, 200),
            message: bodyText(clean(request.body, 1000)) || ' ',
            icon: options.icon,
            sound: request.sound,
            wait: false,
            // notify-send: --urgency, --expire-time (s here, ms on the wire; 0 = until dismissed), --app-name
            urgency: request.urgency,
            timeout: request.sticky ? 0 : 10,
            'app-name': options.appName,
            // notify-send has no sound flag; a freedesktop sound hint asks the daemon to play one.
            ...(request.sound && process.platform === 'linux' ? { hint: 'string:sound-name:dialog-warning' } : {}),
          } as nodeNotifier.Notification,
          // node-notifier passes an Error when notify-send fails, and its stderr (a string) when it wrote any.
          (error: unknown) => resolve(error ? { ok: false, error: describe(error) } : { ok: true }),
        );
      });
    },
  };
}

/**
 * The freedesktop notification body may be interpreted as markup (<b>, <a href>, <img>) by the
 * daemon; alert text is untrusted, so on Linux it is escaped to show as the text it is.
 */
function bodyText(text: string): string {
  if (process.platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Alert text is untrusted: no control characters (notify-send gets it through a shell command line), bounded length. */
function clean(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

function describe(error: unknown): string {
  return errorText(error).trim().split('\n').filter(Boolean).slice(-1)[0] ?? 'notify-send failed';
}
