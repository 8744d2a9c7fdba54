import type { Logger } from './log';
import { errorText } from '../shared/errors';

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
}

export type NotifyResult = { ok: true } | { ok: false; error: string };

export interface Notifier {
  notify(request: NotificationRequest): Promise<NotifyResult>;
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
  };
}
