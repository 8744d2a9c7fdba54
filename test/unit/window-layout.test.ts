import { describe, expect, it } from 'vitest';
import { POPOVER_SIZE, popoverPosition } from '../../electron/window-layout';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };
const size = POPOVER_SIZE;

describe('where the tray popover opens', () => {
  it('opens below an icon in a top panel, centred on it, clear of the panel', () => {
    const topPanel = { ...screen, y: 28, height: 1052 };
    expect(popoverPosition({ x: 1500, y: 2, width: 24, height: 24 }, topPanel, size)).toEqual({ x: 1512 - 180, y: 28 + 4 });
  });

  it('opens above an icon in a bottom taskbar (Windows), clear of the taskbar, kept inside the screen on the right', () => {
    const taskbar = { ...screen, height: 1040 };
    expect(popoverPosition({ x: 1880, y: 1044, width: 32, height: 32 }, taskbar, size)).toEqual({ x: 1920 - 360 - 4, y: 1040 - 480 - 4 });
  });

  it('goes to the top-right corner of the work area when the platform gives no bounds (Linux)', () => {
    expect(popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, { ...screen, y: 32, height: 1048 }, size)).toEqual({ x: 1920 - 360 - 4, y: 36 });
  });

  it('stays on a second display left of the first, and on a screen smaller than itself starts at its corner', () => {
    const left = { x: -1280, y: 0, width: 1280, height: 1024 };
    expect(popoverPosition({ x: -1290, y: 0, width: 20, height: 20 }, left, size)).toEqual({ x: -1276, y: 24 });
    expect(popoverPosition({ x: 290, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 300, height: 400 }, size)).toEqual({ x: 4, y: 4 });
  });
});
