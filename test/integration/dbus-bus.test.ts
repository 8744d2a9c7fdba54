import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { connectBus, socketFor } from '../../electron/notify/bus';
import { until } from '../helpers/wait';

describe('the D-Bus session bus address', () => {
  it('reads the address forms desktops use', () => {
    expect(socketFor('unix:path=/run/user/1000/bus')).toEqual({ path: '/run/user/1000/bus' });
    expect(socketFor('unix:abstract=dbus-Xyz,guid=0123')).toEqual({ path: '\0dbus-Xyz' });
    expect(socketFor('unix:tmpdir=/var/tmp;unix:path=/run/user/1000/bus')).toEqual({ path: '/run/user/1000/bus' });
    expect(socketFor('tcp:host=127.0.0.1,port=5555')).toEqual({ host: '127.0.0.1', port: 5555 });
    expect(() => socketFor('launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET')).toThrow(/unsupported D-Bus address launchd:/);
    expect(() => socketFor('')).toThrow(/DBUS_SESSION_BUS_ADDRESS is empty/);
  });

  it('connects to a real dbus-daemon listening on a Linux abstract socket (older desktops, dbus-launch)', async () => {
    const name = `baton-test-${process.pid}-${Date.now()}`;
    const daemon = spawn('dbus-daemon', ['--session', '--nofork', `--address=unix:abstract=${name}`, '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    daemon.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const address = await until('the daemon to listen', () => out.includes('\n') && out.trim(), 10_000);
      expect(address).toMatch(/^unix:abstract=/);
      const bus = await connectBus(address);
      expect(bus.name()).toMatch(/^:1\.\d+$/);
      const [names] = (await bus.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'ListNames' })) as [string[]];
      expect(names).toContain('org.freedesktop.DBus');
      bus.close();
    } finally {
      daemon.kill('SIGTERM');
    }
  });
});
