import nodeNotifier from 'node-notifier';
import type { NotificationAction, NotificationActivation, Notifier } from './notifier';
import type { NotifierInfo } from '../shared/desktop';
import { errorText } from '../shared/errors';
import { clean } from './notify/freedesktop';

/** node-notifier's notify, as its README documents it: `(error, response, metadata)` once the helper reports. */
export type NodeNotify = (
  options: Record<string, unknown>,
  callback: (error: Error | string | null | undefined, response?: string, metadata?: Record<string, string | undefined>) => void,
) => unknown;

const ACTION_LABELS: Record<NotificationAction, string> = { ack: 'Acknowledge', snooze: 'Snooze 15 min' };
/**
 * With `wait: true` the helper (terminal-notifier, SnoreToast) answers only when the user acts, so a
 * notification is taken as shown when no error came back this soon; an error exit comes at once.
 */
export const SHOWN_AFTER_MS = 1_000;
const STICKY_WAIT_S = 24 * 60 * 60;

export interface NodeNotifierOptions {
  appName: string;
  icon?: string;
  platform?: NodeJS.Platform;
  /** node-notifier's own notify (tests pass one that answers as its README documents). */
  notify?: NodeNotify;
  /** Why the freedesktop D-Bus way is not used (Linux), for Settings. */
  fallbackReason?: string;
  onLateFailure?(error: string): void;
}

/**
 * node-notifier, the user's choice of notification library. On macOS (terminal-notifier) and
 * Windows (SnoreToast) it waits for the user: a click reports `activate` and a button its label,
 * which become the same activations as the D-Bus path. On Linux it runs notify-send, which cannot
 * report clicks (the D-Bus path is used instead wherever the daemon can): a sticky notification is
 * sent with an expire time of 0. The callback is always passed, so a failure is seen, not swallowed.
 */
export function createNodeNotifier(options: NodeNotifierOptions = { appName: 'Baton' }): Notifier {
  const platform = options.platform ?? process.platform;
  const notify: NodeNotify = options.notify ?? ((o, cb) => nodeNotifier.notify(o as nodeNotifier.Notification, cb as nodeNotifier.NotificationCallback));
  const interactive = platform === 'darwin' || platform === 'win32';
  const listeners: ((activation: NotificationActivation) => void)[] = [];
  const emit = (activation: NotificationActivation) => listeners.forEach((listener) => listener(activation));
  const info: NotifierInfo = interactive
    ? { backend: 'node-notifier', actions: true, detail: `${platform === 'darwin' ? 'terminal-notifier (Notification Center)' : 'SnoreToast (Windows toasts)'}: a click opens the page; Acknowledge` }
    : { backend: 'node-notifier', actions: false, detail: `notify-send: clicks and buttons cannot be reported${options.fallbackReason ? `, because ${options.fallbackReason}` : ''}` };

  return {
    notify(request) {
      return new Promise((resolve) => {
        let settled = false;
        const settle = (result: { ok: true } | { ok: false; error: string }) => {
          if (settled) return false;
          settled = true;
          resolve(result);
          return true;
        };
        const labels = (request.actions ?? []).map((a) => ACTION_LABELS[a]);
        const shown = interactive ? setTimeout(() => settle({ ok: true }), SHOWN_AFTER_MS) : undefined;
        shown?.unref?.();
        notify(
          {
            title: clean(request.title, 200),
            message: bodyText(clean(request.body, 1000), platform) || ' ',
            icon: options.icon,
            sound: request.sound,
            wait: interactive,
            ...(interactive && labels.length ? { actions: labels } : {}),
            // Windows: one toast per page, replaced by its repeat; the AppUserModelID the installer registers.
            ...(platform === 'win32' ? { id: toastId(request.key), appID: 'dev.baton.app' } : {}),
            // macOS: a repeat of the same page replaces it (terminal-notifier -group). With `wait`, node-notifier
            // turns a timeout of 0 into 5 s, so a page that must stay waits a day (its repeats replace it sooner).
            ...(platform === 'darwin' ? { group: request.key, timeout: request.sticky ? STICKY_WAIT_S : 10 } : {}),
            // notify-send: --urgency, --expire-time (s here, ms on the wire; 0 = until dismissed), --app-name
            ...(platform === 'linux' || !interactive
              ? { urgency: request.urgency, timeout: request.sticky ? 0 : 10, 'app-name': options.appName, ...(request.sound ? { hint: `string:sound-name:${request.soundName ?? 'dialog-warning'}` } : {}) }
              : {}),
          },
          // node-notifier passes an Error when the helper fails, and its stderr (a string) when it wrote any.
          (error, response, metadata) => {
            if (shown) clearTimeout(shown);
            if (error) {
              const failure = { ok: false as const, error: describe(error) };
              if (!settle(failure)) options.onLateFailure?.(failure.error);
              return;
            }
            settle({ ok: true });
            const action = activationOf(response, metadata, labels);
            if (action) emit({ key: request.key, action, opens: action === 'open' ? request.opens : undefined });
          },
        );
      });
    },
    onActivation: (listener) => void listeners.push(listener),
    info: () => info,
  };
}

/**
 * What the user did, from node-notifier's callback: terminal-notifier reports `activate` with
 * `activationType` `contentsClicked` (the bubble) or `actionClicked` and the button in
 * `activationValue`; SnoreToast reports `activate` for the toast and the button's label (lower
 * case) for a button. `timeout`, `dismissed`, `closed` are no action.
 */
export function activationOf(response: string | undefined, metadata: Record<string, string | undefined> | undefined, labels: string[]): 'open' | NotificationAction | null {
  const byLabel = (label: string | undefined) => {
    const i = labels.findIndex((l) => l.toLowerCase() === label?.toLowerCase().trim());
    return i < 0 ? null : (Object.keys(ACTION_LABELS) as NotificationAction[]).find((a) => ACTION_LABELS[a] === labels[i]) ?? null;
  };
  if (metadata?.activationType === 'actionClicked') return byLabel(metadata.activationValue);
  if (response === 'activate') return metadata?.button ? byLabel(metadata.button) : 'open';
  return byLabel(response);
}

/** SnoreToast's -id is a number-like tag per notification; the same key gets the same id. */
function toastId(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash);
}

/**
 * The freedesktop notification body may be interpreted as markup (<b>, <a href>, <img>) by the
 * daemon; alert text is untrusted, so on Linux it is escaped to show as the text it is.
 */
function bodyText(text: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function describe(error: unknown): string {
  return errorText(error).trim().split('\n').filter(Boolean).slice(-1)[0] ?? 'the notification helper failed';
}
