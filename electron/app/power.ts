import type { PowerMonitor } from 'electron';

/** The part of Electron's powerMonitor Baton listens to (Electron's own type must fit it: checked below). */
export interface PowerEvents {
  on(event: 'suspend' | 'resume' | 'unlock-screen', listener: () => void): unknown;
}
export type PowerMonitorFits = PowerMonitor extends PowerEvents ? true : never;

/** What the services do when the machine sleeps and wakes. */
export interface PowerListener {
  suspend(): void;
  resume(): void;
}

/**
 * Sleep and wake from the OS: on suspend coverage opens a gap; on resume (or unlock, which some
 * desktops send without a resume) the gap ends and shifts, reminders and polls re-evaluate with the
 * true time.
 */
export function watchPower(powerMonitor: PowerEvents, services: PowerListener): void {
  powerMonitor.on('suspend', () => services.suspend());
  powerMonitor.on('resume', () => services.resume());
  powerMonitor.on('unlock-screen', () => services.resume());
}
