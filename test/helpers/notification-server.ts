import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import dbus from '@homebridge/dbus-native';
import { socketFor } from '../../electron/notify/bus';
import { until } from './wait';

/** One Notify call as the server received it, hints read back from their D-Bus variants. */
export interface NotifyCall {
  id: number;
  appName: string;
  replacesId: number;
  icon: string;
  summary: string;
  body: string;
  /** Pairs flattened as sent: key, label, key, label, … */
  actions: string[];
  hints: Record<string, unknown>;
  expireTimeout: number;
}

export interface NotificationServer {
  /** A private session bus of its own (dbus-daemon), with this server owning org.freedesktop.Notifications on it. */
  address: string;
  calls: NotifyCall[];
  closed: number[];
  /** Waits (bounded) until `count` Notify calls arrived. */
  waitForCalls(count: number): Promise<NotifyCall[]>;
  /** The user picks `action` ("default" = a click) on notification `id`: ActionInvoked, then NotificationClosed (2 = dismissed by the user), as daemons do. */
  invoke(id: number, action: string, options?: { close?: boolean }): void;
  stop(): Promise<void>;
}

interface NativeBus {
  connection: NodeJS.EventEmitter & { end(): void };
  requestName(name: string, flags: number, callback: (error: unknown, reply: number) => void): void;
  exportInterface(object: object, path: string, description: object): void;
}

/**
 * A notification daemon written for tests: a real dbus-daemon (a private session bus) and a
 * server on it that answers the freedesktop Notifications interface, records every Notify call
 * and emits ActionInvoked for the action a test chooses. `capabilities` lets a test play a daemon
 * that cannot show actions.
 */
export async function startNotificationServer(options: { capabilities?: string[] } = {}): Promise<NotificationServer> {
  const daemon: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  daemon.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  daemon.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const address = await until(`dbus-daemon to print its address (${err})`, () => out.includes('\n') && out.trim(), 10_000);

  const bus = (dbus as unknown as { sessionBus(o: { stream: net.Socket }): NativeBus }).sessionBus({ stream: net.createConnection(socketFor(address)) });
  const calls: NotifyCall[] = [];
  const closed: number[] = [];
  let nextId = 1;
  const emitter = new EventEmitter();
  const capabilities = options.capabilities ?? ['actions', 'body', 'body-markup', 'persistence'];
  const service = Object.assign(emitter, {
    GetCapabilities: () => capabilities,
    GetServerInformation: () => ['baton-test-notifications', 'Baton tests', '1.0', '1.2'],
    Notify(appName: string, replacesId: number, icon: string, summary: string, body: string, actions: string[], hints: [string, [unknown, unknown[]]][], expireTimeout: number) {
      const id = replacesId || nextId++;
      calls.push({ id, appName, replacesId, icon, summary, body, actions, hints: Object.fromEntries(hints.map(([k, [, [value]]]) => [k, value])), expireTimeout });
      return id;
    },
    CloseNotification(id: number) {
      closed.push(id);
      emitter.emit('NotificationClosed', id, 3);
    },
  });
  bus.exportInterface(service, '/org/freedesktop/Notifications', {
    name: 'org.freedesktop.Notifications',
    methods: {
      GetCapabilities: ['', 'as'],
      GetServerInformation: ['', 'ssss'],
      Notify: ['susssasa{sv}i', 'u'],
      CloseNotification: ['u', ''],
    },
    signals: { ActionInvoked: ['us'], NotificationClosed: ['uu'] },
  });
  await new Promise<void>((resolve, reject) =>
    bus.requestName('org.freedesktop.Notifications', 0x4, (error, reply) => (error || reply !== 1 ? reject(new Error(`could not own the name: ${String(error ?? reply)}`)) : resolve())),
  );

  return {
    address,
    calls,
    closed,
    waitForCalls: (count) => until(() => `${count} Notify calls; got ${JSON.stringify(calls)}`, () => calls.length >= count && calls, 10_000),
    invoke(id, action, { close = true } = {}) {
      emitter.emit('ActionInvoked', id, action);
      if (close) emitter.emit('NotificationClosed', id, 2);
    },
    async stop() {
      bus.connection.end();
      if (daemon.exitCode === null) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve));
        daemon.kill('SIGTERM');
        await exited;
      }
    },
  };
}
