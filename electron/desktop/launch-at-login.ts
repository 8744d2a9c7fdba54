import { z } from 'zod';
import { errorText } from '../../shared/errors';
import type { LaunchAtLogin } from '../../shared/desktop';
import type { Logger } from '../log';
import type { Notices } from '../notices';
import { defineSection, type SettingsService } from '../settings';

/** The OS's way of starting Baton at login: an XDG autostart entry on Linux, the login-item API on macOS and Windows. */
export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(on: boolean): void;
  /** At start, for a chosen "on": write the entry again (the app may have moved), unless the user turned it off in the desktop's own settings. */
  refresh?(): void;
  /** Where it lives, for Settings (a file, or "Login Items"). */
  where: string;
}

/** `unset` until the user chooses; Baton turns it on by itself once, when the first shift is configured. */
export const launchSection = defineSection({
  key: 'launchAtLogin',
  schema: z.object({ choice: z.enum(['unset', 'on', 'off']).default('unset') }),
  label: 'launch-at-login setting',
  fallback: 'Baton asks again once a shift is configured.',
});

/**
 * Launch at login: switched in Settings; on by default once the first shift is configured (a pager
 * that is not running misses pages), unless the user has said otherwise. The OS's entry is the truth
 * shown in Settings; a chosen "on" is written again at every start, so a moved app still starts,
 * but an entry the user turned off in the desktop's own settings is left off.
 */
export function createLaunchAtLogin(o: {
  settings: Pick<SettingsService, 'read' | 'write'>;
  loginItem: LoginItem;
  log: Logger;
  notices: Pick<Notices, 'add' | 'dismiss'>;
  publish(state: LaunchAtLogin): void;
}) {
  let choice = o.settings.read(launchSection).choice;
  const state = (): LaunchAtLogin => {
    let on = false;
    try {
      on = o.loginItem.isEnabled();
    } catch (error) {
      o.log.warn('launch at login: could not read the login entry', errorText(error));
    }
    return { on, choice, where: o.loginItem.where };
  };
  const apply = (on: boolean, refresh = false): void => {
    try {
      if (refresh && o.loginItem.refresh) o.loginItem.refresh();
      else o.loginItem.setEnabled(on);
      o.notices.dismiss('launch-at-login');
    } catch (error) {
      o.log.error(`launch at login: could not ${on ? 'write' : 'remove'} ${o.loginItem.where}`, error);
      o.notices.add('error', `Baton could not ${on ? 'set itself to start' : 'stop starting'} at login: ${errorText(error)}`, o.loginItem.where, 'launch-at-login');
    }
  };
  const choose = (next: 'on' | 'off'): LaunchAtLogin => {
    choice = o.settings.write(launchSection, { choice: next }).choice;
    apply(next === 'on');
    o.log.info(`launch at login: ${next} (${o.loginItem.where})`);
    const now = state();
    o.publish(now);
    return now;
  };

  if (choice === 'on') apply(true, true);
  o.publish(state());
  return {
    set: (on: boolean) => choose(on ? 'on' : 'off'),
    /** A shift is configured: the first time, and only if the user never chose, Baton starts at login from now on. */
    shiftConfigured(): void {
      if (choice === 'unset') choose('on');
    },
    state,
  };
}
