import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './services';
import { until } from './wait';

/**
 * A private D-Bus session bus with nothing on it and nothing it may start (no service folders): a
 * desktop whose notification service is dead. Pass `address` as DBUS_SESSION_BUS_ADDRESS.
 */
export async function emptySessionBus(): Promise<{ address: string; stop(): Promise<void> }> {
  const dir = tempDir('baton-bus-');
  const config = path.join(dir, 'session.conf');
  fs.writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const child = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const address = await until('the session bus to print its address', () => (out.includes('\n') ? out.trim() : null), 10_000);
  return {
    address,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
