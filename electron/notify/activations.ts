import type { Logger } from '../log';
import type { NotificationActivation } from '../notifier';

/**
 * What a click or a button on a notification does: a click opens what it is about (its
 * `baton://` link, or just the window), Acknowledge and Snooze act on the page from the bubble,
 * journaled `via: notification`.
 */
export function handleActivation(
  activation: NotificationActivation,
  o: {
    log: Logger;
    openLink(url: string): void;
    showWindow(): void;
    ackFromNotification(pageId: string, action: 'ack' | 'snooze'): Promise<void>;
  },
): Promise<void> {
  o.log.info(`notifications: ${activation.action} on ${activation.key}`);
  if (activation.action === 'open') {
    if (activation.opens) o.openLink(activation.opens);
    else o.showWindow();
    return Promise.resolve();
  }
  return o.ackFromNotification(activation.key, activation.action);
}
