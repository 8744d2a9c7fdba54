import type { Logger } from '../log';
import type { NotificationActivation, Notifier } from '../notifier';
import type { NotifierInfo } from '../../shared/desktop';
import { errorText } from '../../shared/errors';
import { createNodeNotifier, type NodeNotifierOptions } from '../node-notifier';
import { connectBus } from './bus';
import { createFreedesktopNotifier } from './freedesktop';

export interface DesktopNotifierOptions {
  appName: string;
  icon?: string;
  log: Logger;
  platform?: NodeJS.Platform;
  /** The session bus (DBUS_SESSION_BUS_ADDRESS); Linux only. */
  busAddress?: string;
  desktopEntry?: string;
  /** node-notifier's own notify (tests). */
  nodeNotify?: NodeNotifierOptions['notify'];
}

/**
 * The notifier Baton uses on this desktop. On Linux it speaks the freedesktop Notifications
 * interface over the session bus when the daemon can show actions; otherwise, and on macOS and
 * Windows, node-notifier. If the bus goes away later, Baton falls back and says so.
 */
export function createDesktopNotifier(o: DesktopNotifierOptions): Notifier & Required<Pick<Notifier, 'info' | 'onInfo' | 'onActivation' | 'close'>> {
  const platform = o.platform ?? process.platform;
  const activationListeners: ((activation: NotificationActivation) => void)[] = [];
  const infoListeners: ((info: NotifierInfo) => void)[] = [];
  const activate = (activation: NotificationActivation) => activationListeners.forEach((listener) => listener(activation));

  const fallback = (reason?: string): Notifier => {
    const notifier = createNodeNotifier({
      appName: o.appName,
      icon: o.icon,
      platform,
      notify: o.nodeNotify,
      fallbackReason: reason,
      onLateFailure: (error) => o.log.error('notifications: a notification failed after it was shown', error),
    });
    notifier.onActivation?.(activate);
    return notifier;
  };

  let current: Notifier = fallback(platform === 'linux' ? 'the D-Bus notification service is still being reached' : undefined);
  let closed = false;
  const use = (next: Notifier) => {
    current = next;
    const info = next.info?.();
    if (info) infoListeners.forEach((listener) => listener(info));
  };

  const ready: Promise<void> =
    platform !== 'linux'
      ? Promise.resolve()
      : (async () => {
          try {
            const bus = await connectBus(o.busAddress);
            const made = await createFreedesktopNotifier(bus, { appName: o.appName, icon: o.icon, log: o.log, desktopEntry: o.desktopEntry }).catch((error: unknown) => ({
              reason: errorText(error),
            }));
            if ('reason' in made) {
              bus.close();
              throw new Error(made.reason);
            }
            if (closed) return made.notifier.close();
            made.notifier.onActivation(activate);
            bus.onClose((reason) => {
              if (closed) return;
              o.log.warn(`notifications: the D-Bus session bus went away (${reason}); using notify-send`);
              use(fallback(`the D-Bus session bus went away (${reason})`));
            });
            o.log.info(`notifications: ${made.notifier.info().detail}`);
            use(made.notifier);
          } catch (error) {
            o.log.warn('notifications: using notify-send (no clicks or buttons)', errorText(error));
            use(fallback(errorText(error)));
          }
        })();

  return {
    async notify(request) {
      await ready;
      return current.notify(request);
    },
    withdraw: (key) => void ready.then(() => current.withdraw?.(key)),
    onActivation: (listener) => void activationListeners.push(listener),
    info: () => current.info!(),
    onInfo: (listener) => {
      infoListeners.push(listener);
      void ready.then(() => listener(current.info!()));
    },
    close() {
      closed = true;
      current.close?.();
    },
  };
}
