import net from 'node:net';
import dbus from '@homebridge/dbus-native';
import { errorText } from '../../shared/errors';

/**
 * A small promise-based D-Bus session-bus client over @homebridge/dbus-native (pure JavaScript:
 * nothing to build for Electron's Node). Only what Baton uses: method calls with a bounded wait,
 * signal subscriptions, and (for the test-side server) owning a name and answering calls.
 */
export interface Bus {
  /** Our unique name on the bus (":1.42"), once Hello was answered. */
  readonly name: () => string | undefined;
  call(call: MethodCall, timeoutMs?: number): Promise<unknown[]>;
  /** Subscribes to a signal (an AddMatch on the bus plus a local listener); resolves once the bus accepted the match. */
  onSignal(path: string, iface: string, member: string, listener: (body: unknown[]) => void): Promise<void>;
  /** Fires once when the connection ends or fails (the daemon went away). */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}

export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

/** What Baton needs of dbus-native's MessageBus; its shipped typings leave these out. */
interface NativeBus {
  name?: string;
  connection: NodeJS.EventEmitter & { end(): void };
  signals: NodeJS.EventEmitter;
  invoke(message: MethodCall, callback: (error: { name?: string; message?: string } | null | undefined, ...body: unknown[]) => void): void;
  addMatch(match: string, callback: (error: unknown) => void): void;
  mangle(path: string, iface: string, member: string): string;
}

/**
 * Where a D-Bus address (`unix:path=…`, `unix:abstract=…`, `tcp:host=…,port=…`; alternatives
 * separated by `;`) says to connect. Node reaches Linux abstract sockets with a leading NUL.
 */
export function socketFor(address: string): net.NetConnectOpts {
  const problems: string[] = [];
  for (const entry of address.split(';').filter(Boolean)) {
    const colon = entry.indexOf(':');
    const family = entry.slice(0, colon);
    const params = new Map(
      entry
        .slice(colon + 1)
        .split(',')
        .map((pair) => {
          const eq = pair.indexOf('=');
          return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as const;
        }),
    );
    if (family === 'unix' && params.get('path')) return { path: params.get('path')! };
    if (family === 'unix' && params.get('abstract')) return { path: `\0${params.get('abstract')!}` };
    if (family === 'tcp' && params.get('port')) return { host: params.get('host') ?? '127.0.0.1', port: Number(params.get('port')) };
    problems.push(entry);
  }
  throw new Error(problems.length ? `unsupported D-Bus address ${problems.join('; ')}` : 'no D-Bus session bus address (DBUS_SESSION_BUS_ADDRESS is empty)');
}

/** Connects to the bus at `address` and waits for its Hello answer (bounded). */
export async function connectBus(address: string | undefined, timeoutMs = 3_000): Promise<Bus> {
  const stream = net.createConnection(socketFor(address ?? ''));
  const native = (dbus as unknown as { sessionBus(options: { stream: net.Socket }): NativeBus }).sessionBus({ stream });
  const closeListeners: ((reason: string) => void)[] = [];
  let closed: string | null = null;
  const closeWith = (reason: string) => {
    if (closed !== null) return;
    closed = reason;
    for (const listener of closeListeners.splice(0)) listener(reason);
  };
  native.connection.on('error', (error: unknown) => closeWith(errorText(error)));
  native.connection.on('end', () => closeWith('the bus closed the connection'));

  const call = (message: MethodCall, ms = timeoutMs) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (closed !== null) return reject(new Error(`D-Bus connection closed: ${closed}`));
      const timer = setTimeout(() => reject(new Error(`${message.interface}.${message.member} got no answer within ${ms} ms`)), ms);
      native.invoke(message, (error, ...body) => {
        clearTimeout(timer);
        if (error) reject(new Error(`${error.name ?? 'D-Bus error'}: ${error.message ?? ''}`.trim()));
        else resolve(body);
      });
    });

  // Hello is sent by dbus-native itself; GetId proves the bus answers us (and that Hello went through).
  await Promise.race([
    call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' }),
    new Promise<never>((_, reject) => closeListeners.push((reason) => reject(new Error(`cannot reach the D-Bus session bus: ${reason}`)))),
  ]).catch((error: unknown) => {
    native.connection.end();
    throw error;
  });

  return {
    name: () => native.name,
    call,
    onSignal: (path, iface, member, listener) =>
      new Promise<void>((resolve, reject) => {
        native.signals.on(native.mangle(path, iface, member), (body: unknown[] | undefined) => listener(body ?? []));
        native.addMatch(`type='signal',interface='${iface}',member='${member}',path='${path}'`, (error) =>
          error ? reject(new Error(`AddMatch for ${iface}.${member} was refused: ${errorText(error)}`)) : resolve(),
        );
      }),
    onClose: (listener) => {
      if (closed !== null) listener(closed);
      else closeListeners.push(listener);
    },
    close: () => {
      closeWith('closed by Baton');
      native.connection.end();
    },
  };
}
