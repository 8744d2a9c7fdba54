import type { Logger } from './log';
import { errorText } from '../shared/errors';
import type { NotifierInfo } from '../shared/desktop';

/** A native notification as Baton asks for it; the adapter maps it to the platform. */
export interface NotificationRequest {
  /** Stable id of what it is about (a page id, "reminder:<shift>"), for click routing and replacement. */
  key: string;
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
  /** Stays on screen until dismissed (critical and high pages). */
  sticky: boolean;
  sound: boolean;
  /** Which sound, a freedesktop sound name (the severity's, louder after N repeats); absent = the warning sound. */
  soundName?: string;
  /** The `baton://` link a click on the notification opens (see shared/links.ts); absent = the window. */
  opens?: string;
  /** Buttons besides the click, where the desktop can show them. */
  actions?: NotificationAction[];
}

/** A notification's buttons: Acknowledge, and Snooze 15 min where the page's source can hold a page silent for a while. */
export type NotificationAction = 'ack' | 'snooze';
export const SNOOZE_MINUTES = 15;

/** The user clicked a notification (`open`) or one of its buttons. */
export interface NotificationActivation {
  key: string;
  action: 'open' | NotificationAction;
  /** The request's `opens` link, for `open`. */
  opens?: string;
}

export type NotifyResult = { ok: true } | { ok: false; error: string };

export interface Notifier {
  notify(request: NotificationRequest): Promise<NotifyResult>;
  /** Takes a notification off the screen (its page was acknowledged or resolved); where the desktop allows. */
  withdraw?(key: string): void;
  /** Clicks and buttons, where the desktop reports them. */
  onActivation?(listener: (activation: NotificationActivation) => void): void;
  /** Which way notifications are shown, for Settings; `onInfo` tells when it changes (the bus went away). */
  info?(): NotifierInfo;
  onInfo?(listener: (info: NotifierInfo) => void): void;
  close?(): void;
}

/** Wraps a notifier so that a failure (no daemon, no notify-send) is logged and reported, never silent. */
export function reportingNotifier(inner: Notifier, log: Logger, onFailure: (error: string) => void): Notifier {
  return {
    async notify(request) {
      let result: NotifyResult;
      try {
        result = await inner.notify(request);
      } catch (error) {
        result = { ok: false, error: errorText(error) };
      }
      if (!result.ok) {
        log.error(`notification "${request.title}" failed`, result.error);
        onFailure(result.error);
      }
      return result;
    },
    withdraw: inner.withdraw?.bind(inner),
    onActivation: inner.onActivation?.bind(inner),
    info: inner.info?.bind(inner),
    onInfo: inner.onInfo?.bind(inner),
    close: inner.close?.bind(inner),
  };
}
