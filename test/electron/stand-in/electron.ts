// A stand-in for Electron's main-process API, for machines with no Electron binary.
// It covers the subset Baton's edge uses, typed member by member against the `electron` package's
// own definitions (a stand-in with a wrong signature fails `npm run typecheck`), behaves as
// Electron documents it (event order, preventDefault, frame identity, protocol.handle with
// Request/Response, safeStorage with and without a keyring), and records what the app did.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import https from 'node:https';
import type { PowerEvents, PowerMonitorFits } from '../../../electron/app/power';

export type Keyring = 'gnome_libsecret' | 'kwallet6' | 'basic_text' | 'unavailable';

export interface StandInOptions {
  /** What app.getPath('userData') answers. */
  userData: string;
  /** The folder of the app's package.json (app.getVersion reads it, as Electron does). */
  appPath: string;
  /** Another instance already holds the single-instance lock. */
  otherInstanceRunning?: boolean;
  isPackaged?: boolean;
  platform?: NodeJS.Platform;
  /** Linux: the secret store safeStorage finds ('basic_text' when there is no keyring). */
  keyring?: Keyring;
  shouldUseDarkColors?: boolean;
  /** macOS: the OS started the app as a login item (getLoginItemSettings().wasOpenedAtLogin). */
  openedAtLogin?: boolean;
}

/** A window's page, when a browser drives it (see chromium.ts); without one, pages load headlessly. */
export interface PageDriver {
  load(window: StandInBrowserWindow, url: string): Promise<void>;
  send(window: StandInBrowserWindow, channel: string, args: unknown[]): void;
  printToPDF(window: StandInBrowserWindow): Promise<Buffer>;
  close(window: StandInBrowserWindow): Promise<void>;
}

/** Electron's `Event` with preventDefault, as listeners of preventable events receive it. */
export class StandInEvent<Params extends object = object> {
  defaultPrevented = false;
  returnValue: unknown = undefined;
  constructor(params?: Params) {
    Object.assign(this, params);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}


export function createElectronStandIn(options: StandInOptions) {
  const platform = options.platform ?? process.platform;
  let ready = false;
  let quitting = false;
  const windows: StandInBrowserWindow[] = [];
  const record = {
    quit: false,
    exitCode: null as number | null,
    errorBoxes: [] as { title: string; content: string }[],
    saveDialogs: [] as Electron.SaveDialogOptions[],
    /** Every open dialog shown: its options, and whether it was modal to a window. */
    openDialogs: [] as { options: Electron.OpenDialogOptions; modalTo: number | null }[],
    openedExternally: [] as string[],
    clipboard: [] as string[],
    trays: [] as StandInTray[],
    dockHidden: false,
    appUserModelId: null as string | null,
    privilegedSchemes: [] as Electron.CustomScheme[],
    preloadErrors: [] as string[],
    /** macOS/Windows: the login item as the app last set it (Electron's setLoginItemSettings is a no-op on Linux). */
    loginItem: null as Electron.Settings | null,
    /** Schemes the app registered itself as the default handler of (setAsDefaultProtocolClient). */
    protocolClients: [] as { protocol: string; path?: string; args?: string[] }[],
    /** Every net.request main made (electron-updater's feed and downloads), by URL. */
    netRequests: [] as string[],
    relaunched: 0,
    /** Every message main sent to a window's page (webContents.send), in order. */
    sent: [] as { windowId: number; channel: string; args: unknown[] }[],
  };
  /** What the next save dialog answers (a test sets it; default: the user cancels). */
  let saveDialogAnswer: (options: Electron.SaveDialogOptions) => Electron.SaveDialogReturnValue = () => ({ canceled: true, filePath: '' });
  /** What the next open dialog answers (a test sets it; default: the user cancels). */
  let openDialogAnswer: (options: Electron.OpenDialogOptions) => Electron.OpenDialogReturnValue = () => ({ canceled: true, filePaths: [] });
  let driver: PageDriver | null = null;
  let nextId = 1;

  // ——— screen ———
  /** One display, 1920×1080, with a 32 px panel at the top (where a tray icon sits), unless a test sets another. */
  let primaryDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 32, width: 1920, height: 1048 }, scaleFactor: 1 };
  const screen = {
    getPrimaryDisplay: (() => primaryDisplay as unknown as Electron.Display) satisfies Electron.Screen['getPrimaryDisplay'],
    /** Electron: the display that most closely intersects the rectangle (here the only one). */
    getDisplayMatching: ((rect) => {
      if (![rect.x, rect.y, rect.width, rect.height].every(Number.isFinite)) throw new TypeError('Error processing argument at index 0');
      return primaryDisplay as unknown as Electron.Display;
    }) satisfies Electron.Screen['getDisplayMatching'],
  };

  // ——— app ———
  class StandInApp extends EventEmitter {
    get isPackaged() {
      return options.isPackaged ?? false;
    }
    readonly dock = platform === 'darwin' ? { hide: () => void (record.dockHidden = true) } : undefined;
    requestSingleInstanceLock: Electron.App['requestSingleInstanceLock'] = () => !options.otherInstanceRunning;
    whenReady: Electron.App['whenReady'] = () =>
      ready ? Promise.resolve() : new Promise<void>((resolve) => this.once('ready', () => resolve()));
    isReady: Electron.App['isReady'] = () => ready;
    getPath: Electron.App['getPath'] = (name) => {
      if (name === 'userData') return options.userData;
      const dir = path.join(os.tmpdir(), 'baton-stand-in', name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    };
    getVersion: Electron.App['getVersion'] = () =>
      (JSON.parse(fs.readFileSync(path.join(options.appPath, 'package.json'), 'utf8')) as { version: string }).version;
    getAppPath: Electron.App['getAppPath'] = () => options.appPath;
    /** Electron: package.json's productName, else its name. */
    getName: Electron.App['getName'] = () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(options.appPath, 'package.json'), 'utf8')) as { name: string; productName?: string };
      return pkg.productName ?? pkg.name;
    };
    relaunch: Electron.App['relaunch'] = () => void record.relaunched++;
    setAppUserModelId: Electron.App['setAppUserModelId'] = (id) => void (record.appUserModelId = id);
    /** Electron: macOS and Windows only; on Linux nothing happens. */
    setLoginItemSettings: Electron.App['setLoginItemSettings'] = (settings) => {
      if (platform === 'darwin' || platform === 'win32') record.loginItem = { ...settings };
    };
    /** Electron: on Windows `openAtLogin` holds only for the same `args` the item was set with; on Linux it is never set. */
    getLoginItemSettings: Electron.App['getLoginItemSettings'] = (query) => {
      const item = record.loginItem;
      const sameArgs = platform !== 'win32' || JSON.stringify(query?.args ?? []) === JSON.stringify(item?.args ?? []);
      const openAtLogin = item?.openAtLogin === true && sameArgs;
      return {
        openAtLogin,
        openAsHidden: false,
        wasOpenedAtLogin: platform === 'darwin' && (options.openedAtLogin ?? false),
        wasOpenedAsHidden: false,
        restoreState: false,
        status: openAtLogin ? 'enabled' : 'not-registered',
        executableWillLaunchAtLogin: item?.openAtLogin === true,
        launchItems: [],
      };
    };
    /** Records the registration; Electron answers whether the OS took it (true here). */
    setAsDefaultProtocolClient: Electron.App['setAsDefaultProtocolClient'] = (protocol, clientPath, args) => {
      record.protocolClients.push({ protocol, path: clientPath, args });
      return true;
    };
    isDefaultProtocolClient: Electron.App['isDefaultProtocolClient'] = (protocol) => record.protocolClients.some((c) => c.protocol === protocol);
    /** Electron: before-quit, then every window is asked to close (any may refuse), then will-quit, then quit. */
    quit: Electron.App['quit'] = () => {
      const before = new StandInEvent();
      this.emit('before-quit', before);
      if (before.defaultPrevented) return;
      quitting = true;
      for (const window of [...windows]) {
        window.close();
        if (!window.isDestroyed()) {
          quitting = false;
          return;
        }
      }
      const will = new StandInEvent();
      this.emit('will-quit', will);
      if (will.defaultPrevented) {
        quitting = false;
        return;
      }
      record.quit = true;
      this.emit('quit', new StandInEvent(), 0);
    };
    /** Electron: closes every window at once; before-quit and will-quit are not emitted. */
    exit: Electron.App['exit'] = (exitCode = 0) => {
      for (const window of [...windows]) window.destroy();
      record.exitCode = exitCode;
    };
  }
  const app = new StandInApp();

  // ——— frames, web contents, windows ———
  class StandInFrame implements Pick<Electron.WebFrameMain, 'url' | 'isDestroyed' | 'routingId' | 'processId'> {
    readonly routingId = nextId++;
    readonly processId = 1;
    constructor(
      public url: string,
      public readonly top: StandInFrame | null,
    ) {}
    get parent(): StandInFrame | null {
      return this.top;
    }
    isDestroyed = () => false;
  }

  class StandInWebContents extends EventEmitter {
    readonly id = nextId++;
    mainFrame = new StandInFrame('', null);
    private destroyed = false;
    private openHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | null = null;
    constructor(readonly owner: StandInBrowserWindow) {
      super();
    }
    getURL: Electron.WebContents['getURL'] = () => this.mainFrame.url;
    isDestroyed: Electron.WebContents['isDestroyed'] = () => this.destroyed;
    setWindowOpenHandler: Electron.WebContents['setWindowOpenHandler'] = (handler) => void (this.openHandler = handler);
    send: Electron.WebContents['send'] = (channel, ...args) => {
      if (this.destroyed) throw new Error('Object has been destroyed');
      record.sent.push({ windowId: this.owner.id, channel, args });
      driver?.send(this.owner, channel, args);
    };
    printToPDF: Electron.WebContents['printToPDF'] = async () => {
      if (!driver) throw new Error('printToPDF needs a page driver (a browser)');
      return driver.printToPDF(this.owner);
    };
    /** A new window asked for by the page (window.open, target=_blank): Electron asks the handler first. */
    requestWindow(url: string, disposition: Electron.HandlerDetails['disposition'] = 'new-window'): 'allow' | 'deny' {
      const details: Electron.HandlerDetails = { url, frameName: '', features: '', disposition, referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' } };
      return this.openHandler ? this.openHandler(details).action : 'allow';
    }
    /** A navigation the page started: Electron emits will-navigate, which a listener may prevent. */
    requestNavigation(url: string): boolean {
      const event = new StandInEvent({ url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame, initiator: this.mainFrame });
      this.emit('will-navigate', event, url, false, true, this.mainFrame.processId, this.mainFrame.routingId);
      return !event.defaultPrevented;
    }
    /** A server redirect during a navigation: will-redirect, preventable. */
    requestRedirect(url: string): boolean {
      const event = new StandInEvent({ url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame });
      this.emit('will-redirect', event, url, false, true, this.mainFrame.processId, this.mainFrame.routingId);
      return !event.defaultPrevented;
    }
    /** A <webview> the page tries to attach: will-attach-webview, preventable. */
    requestWebview(): boolean {
      const event = new StandInEvent();
      this.emit('will-attach-webview', event, {}, {});
      return !event.defaultPrevented;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }

  class StandInBrowserWindow extends EventEmitter {
    static getAllWindows = () => [...windows];
    readonly id = nextId++;
    readonly webContents: StandInWebContents;
    readonly loadedUrls: string[] = [];
    private visible = false;
    private focused = false;
    private minimized = false;
    private destroyed = false;
    private position: [number, number];
    constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
      super();
      this.webContents = new StandInWebContents(this);
      windows.push(this);
      const preload = options.webPreferences?.preload;
      if (preload && !fs.existsSync(preload)) record.preloadErrors.push(`Unable to load preload script: ${preload}`);
      if (options.show !== false) this.visible = true;
      // Electron centres a window that is given no position on the primary display's work area.
      const area = primaryDisplay.workArea;
      this.position = [options.x ?? Math.round(area.x + (area.width - (options.width ?? 800)) / 2), options.y ?? Math.round(area.y + (area.height - (options.height ?? 600)) / 2)];
    }
    /** Electron resolves once the page has loaded (did-finish-load) and rejects when it fails (did-fail-load). */
    loadURL = async (url: string): Promise<void> => {
      this.loadedUrls.push(url);
      this.webContents.mainFrame.url = url;
      try {
        if (driver) await driver.load(this, url);
        else await loadHeadless(url);
      } catch (error) {
        this.webContents.emit('did-fail-load', new StandInEvent(), -6, String(error), url, true);
        throw error;
      }
      this.webContents.emit('did-finish-load', new StandInEvent());
      this.emit('ready-to-show', new StandInEvent());
    };
    show = () => {
      this.visible = true;
      this.minimized = false;
      this.emit('show');
      this.takeFocus();
    };
    hide = () => {
      this.visible = false;
      this.emit('hide');
      this.loseFocus();
    };
    focus = () => {
      if (this.visible) this.takeFocus();
    };
    /** Electron: the window that takes the focus emits focus, the one that had it emits blur. */
    private takeFocus(): void {
      if (this.focused) return;
      for (const other of windows) if (other !== this) other.loseFocus();
      this.focused = true;
      this.emit('focus');
    }
    private loseFocus(): void {
      if (!this.focused) return;
      this.focused = false;
      this.emit('blur');
    }
    /** The user clicks somewhere outside every window of the app (another app, the desktop). */
    blurByUser(): void {
      this.loseFocus();
    }
    setPosition: Electron.BrowserWindow['setPosition'] = (x, y) => {
      if (!Number.isInteger(x) || !Number.isInteger(y)) throw new TypeError('Error processing argument at index 0, conversion failure');
      this.position = [x, y];
    };
    getPosition: Electron.BrowserWindow['getPosition'] = () => [...this.position];
    minimize = () => void (this.minimized = true);
    restore = () => void (this.minimized = false);
    isVisible = () => this.visible && !this.destroyed;
    isFocused = () => this.focused && !this.destroyed;
    isMinimized = () => this.minimized;
    isDestroyed = () => this.destroyed;
    /** Electron: emits close (preventable); if not prevented the window is destroyed and emits closed. */
    close = () => {
      if (this.destroyed) return;
      const event = new StandInEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroy();
    };
    destroy = () => {
      if (this.destroyed) return;
      this.destroyed = true;
      this.visible = false;
      windows.splice(windows.indexOf(this), 1);
      this.webContents.destroy();
      if (driver) void driver.close(this);
      this.emit('closed');
      // Electron quits when the last window closes, unless the app listens for window-all-closed.
      if (windows.length === 0 && !quitting) {
        if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
        else app.quit();
      }
    };
  }

  // ——— IPC ———
  type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;
  class StandInIpcMain extends EventEmitter {
    private handlers = new Map<string, InvokeHandler>();
    handle = (channel: string, listener: InvokeHandler) => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    };
    removeHandler = (channel: string) => void this.handlers.delete(channel);
    channels = () => [...this.handlers.keys()];
    /**
     * What ipcRenderer.invoke from `frame` of `contents` reaches: the handler with the event Electron
     * builds (sender, senderFrame). As in Electron, a missing handler or a thrown error rejects.
     */
    async invoke(contents: StandInWebContents, frame: StandInFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const event = { sender: contents, senderFrame: frame, frameId: frame?.routingId ?? 0, processId: 1, type: 'frame' as const, defaultPrevented: false, preventDefault() {} };
      try {
        return structuredClone(await handler(event as unknown as Electron.IpcMainInvokeEvent, ...structuredClone(args)));
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
      }
    }
  }
  const ipcMain = new StandInIpcMain();

  // ——— protocol, net, session ———
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged: ((schemes) => {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged can only be called before the app is ready');
      record.privilegedSchemes.push(...schemes);
    }) satisfies Electron.Protocol['registerSchemesAsPrivileged'],
    handle: ((scheme, handler) => {
      if (!ready) throw new Error('protocol.handle can only be used after the app is ready');
      if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
      protocolHandlers.set(scheme, handler);
    }) satisfies Electron.Protocol['handle'],
    isProtocolHandled: ((scheme) => protocolHandlers.has(scheme)) satisfies Electron.Protocol['isProtocolHandled'],
    /** What the browser gets for `url` from the handler registered for its scheme. */
    async request(url: string, init?: RequestInit): Promise<Response> {
      const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
      const handler = protocolHandlers.get(scheme);
      if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`);
      return handler(new Request(url, init));
    },
  };

  const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
  /**
   * Electron's ClientRequest, for what main uses of it (electron-updater through builder-util-runtime):
   * events `response` (an IncomingMessage, a readable stream with statusCode, statusMessage and
   * lower-case headers), `redirect` when `redirect: 'manual'` meets a 3xx, `error`, `abort`; `end`,
   * `abort`, `setHeader`. Only http(s), as Electron's net module. Carried over Node's http(s).
   */
  class StandInClientRequest extends EventEmitter implements Pick<Electron.ClientRequest, 'end' | 'abort' | 'setHeader' | 'getHeader'> {
    private readonly inner: http.ClientRequest;
    constructor(options: Electron.ClientRequestConstructorOptions | string) {
      super();
      const o = typeof options === 'string' ? { url: options } : options;
      const url = o.url ?? `${o.protocol ?? 'http:'}//${o.hostname ?? o.host}${o.port ? `:${o.port}` : ''}${o.path ?? '/'}`;
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${parsed.protocol}`);
      record.netRequests.push(url);
      const send = parsed.protocol === 'https:' ? https.request : http.request;
      this.inner = send(url, { method: o.method ?? 'GET', headers: o.headers as http.OutgoingHttpHeaders | undefined }, (response) => {
        const status = response.statusCode ?? 0;
        if (o.redirect === 'manual' && status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          this.emit('redirect', status, o.method ?? 'GET', new URL(response.headers.location, url).href, response.headers);
          return;
        }
        this.emit('response', response);
      });
      this.inner.on('error', (error) => this.emit('error', error));
    }
    setHeader = (name: string, value: string) => this.inner.setHeader(name, value);
    getHeader = (name: string) => String(this.inner.getHeader(name) ?? '');
    end: Electron.ClientRequest['end'] = (...args: unknown[]) => {
      this.inner.end(...(args as []));
      return this as unknown as Electron.ClientRequest;
    };
    abort = () => {
      this.inner.destroy();
      this.emit('abort');
    };
  }

  const net = {
    request: (options: Electron.ClientRequestConstructorOptions | string) => new StandInClientRequest(options),
    /** Electron's net.fetch reads file: URLs (and rejects with net::ERR_FILE_NOT_FOUND) and fetches http(s). */
    fetch: (async (input, init) => {
      const url = typeof input === 'string' ? input : input.url;
      if (!url.startsWith('file:')) return fetch(input, init);
      const file = fileURLToPath(url);
      let body: Buffer;
      try {
        body = await fs.promises.readFile(file);
      } catch {
        throw new TypeError(`net::ERR_FILE_NOT_FOUND ${url}`);
      }
      return new Response(new Uint8Array(body), { status: 200, headers: { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' } });
    }) satisfies Electron.Net['fetch'],
  };

  async function loadHeadless(url: string): Promise<void> {
    if (url.startsWith('data:')) return;
    const response = await protocol.request(url);
    if (!response.ok) throw new Error(`ERR_FAILED: ${url} answered ${response.status}`);
  }

  type PermissionRequest = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
  type PermissionCheck = Parameters<Electron.Session['setPermissionCheckHandler']>[0];
  let permissionRequest: PermissionRequest = null;
  let permissionCheck: PermissionCheck = null;
  const partitions = new Map<string, { partition: string; cache: boolean }>();
  const session = {
    /** A session by partition name, made once (electron-updater asks for its own, without a cache). */
    fromPartition: (partition: string, partitionOptions?: Electron.FromPartitionOptions) => {
      if (!partitions.has(partition)) partitions.set(partition, { partition, cache: partitionOptions?.cache ?? true });
      return partitions.get(partition)!;
    },
    defaultSession: {
      setPermissionRequestHandler: ((handler) => void (permissionRequest = handler)) satisfies Electron.Session['setPermissionRequestHandler'],
      setPermissionCheckHandler: ((handler) => void (permissionCheck = handler)) satisfies Electron.Session['setPermissionCheckHandler'],
      /** A page asks for a permission; Electron grants it when no handler is set. */
      requestPermission(contents: StandInWebContents, permission: string): Promise<boolean> {
        if (!permissionRequest) return Promise.resolve(true);
        const handler = permissionRequest;
        return new Promise((resolve) =>
          handler(contents as unknown as Electron.WebContents, permission as 'notifications', resolve, { requestingUrl: contents.getURL(), isMainFrame: true }),
        );
      },
      checkPermission(contents: StandInWebContents, permission: string): boolean {
        if (!permissionCheck) return true;
        return permissionCheck(contents as unknown as Electron.WebContents, permission as 'notifications', contents.getURL(), { embeddingOrigin: contents.getURL(), isMainFrame: true, requestingUrl: contents.getURL() });
      },
    },
  };

  // ——— tray, menus, images, theme, power ———
  class StandInNativeImage {
    private readonly data: Buffer | null;
    constructor(readonly path: string) {
      try {
        this.data = fs.readFileSync(path);
      } catch {
        this.data = null;
      }
    }
    isEmpty = () => this.data === null;
    toPNG = () => this.data ?? Buffer.alloc(0);
  }
  const nativeImage = {
    /** Electron returns an empty image (no error) when the file cannot be read. */
    createFromPath: (file: string) => new StandInNativeImage(file),
  };

  interface StandInMenuItem {
    type: Electron.MenuItemConstructorOptions['type'];
    label: string;
    enabled: boolean;
    click(): void;
  }
  class StandInMenu {
    constructor(readonly items: StandInMenuItem[]) {}
    static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): StandInMenu {
      return new StandInMenu(
        template.map((item) => ({
          type: item.type ?? 'normal',
          label: item.label ?? '',
          enabled: item.enabled ?? true,
          click() {
            if (this.enabled && item.click) item.click({} as Electron.MenuItem, undefined, {} as Electron.KeyboardEvent);
          },
        })),
      );
    }
  }

  class StandInTray extends EventEmitter {
    image: StandInNativeImage | string;
    toolTip = '';
    contextMenu: StandInMenu | null = null;
    private destroyed = false;
    constructor(image: StandInNativeImage | string) {
      super();
      this.image = image;
      record.trays.push(this);
    }
    setImage = (image: StandInNativeImage | string) => void (this.image = image);
    setToolTip = (toolTip: string) => void (this.toolTip = toolTip);
    setContextMenu = (menu: StandInMenu | null) => void (this.contextMenu = menu);
    destroy = () => void (this.destroyed = true);
    isDestroyed = () => this.destroyed;
    /** The user clicks the tray icon; Electron passes the icon's bounds (all zeros where the platform does not know them). */
    click(bounds: Electron.Rectangle = { x: 0, y: 0, width: 16, height: 16 }): void {
      this.emit('click', new StandInEvent(), bounds, { x: bounds.x, y: bounds.y });
    }
    /** The user picks the menu item with this label. */
    pick(label: string | RegExp): void {
      const item = this.contextMenu?.items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label)));
      if (!item) throw new Error(`no tray menu item ${label}; the menu has ${this.contextMenu?.items.map((i) => i.label).join(' | ')}`);
      item.click();
    }
  }

  const nativeTheme = Object.assign(new EventEmitter(), {
    shouldUseDarkColors: options.shouldUseDarkColors ?? false,
    themeSource: 'system' as Electron.NativeTheme['themeSource'],
  });
  const powerMonitor = new EventEmitter();

  // ——— shell, clipboard, dialog ———
  const shell = {
    openExternal: (async (url) => void record.openedExternally.push(url)) satisfies Electron.Shell['openExternal'],
    openPath: (async () => '') satisfies Electron.Shell['openPath'],
  };
  const clipboard = {
    writeText: (async (text) => void record.clipboard.push(text)) satisfies Electron.Clipboard['writeText'],
    readText: (async () => record.clipboard.at(-1) ?? '') satisfies Electron.Clipboard['readText'],
  };
  const dialog = {
    showSaveDialog: async (first: StandInBrowserWindow | Electron.SaveDialogOptions, second?: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue> => {
      const dialogOptions = second ?? (first as Electron.SaveDialogOptions);
      record.saveDialogs.push(dialogOptions);
      return saveDialogAnswer(dialogOptions);
    },
    /** Electron: (window, options) makes the dialog modal to the window; (options) does not. */
    showOpenDialog: (async (first: Electron.BaseWindow | Electron.OpenDialogOptions, second?: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue> => {
      const modal = second !== undefined;
      const dialogOptions = modal ? second : (first as Electron.OpenDialogOptions);
      if (modal && (first as StandInBrowserWindow).isDestroyed()) throw new TypeError('Object has been destroyed');
      record.openDialogs.push({ options: dialogOptions, modalTo: modal ? (first as StandInBrowserWindow).id : null });
      return openDialogAnswer(dialogOptions);
    }) satisfies Electron.Dialog['showOpenDialog'],
    showErrorBox: ((title, content) => void record.errorBoxes.push({ title, content })) satisfies Electron.Dialog['showErrorBox'],
  };

  // ——— safeStorage ———
  const keyring = options.keyring ?? 'basic_text';
  const key = crypto.randomBytes(32);
  const safeStorage = {
    /** Linux: true once the app is ready and some secret store (even basic_text) is usable. */
    isEncryptionAvailable: (() => (platform === 'linux' ? ready : true) && keyring !== 'unavailable') satisfies Electron.SafeStorage['isEncryptionAvailable'],
    getSelectedStorageBackend: (() => {
      if (platform !== 'linux') throw new Error('getSelectedStorageBackend is only available on Linux');
      return keyring === 'unavailable' ? 'unknown' : keyring;
    }) satisfies Electron.SafeStorage['getSelectedStorageBackend'],
    encryptString: ((plain) => {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
    }) satisfies Electron.SafeStorage['encryptString'],
    decryptString: ((sealed) => {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15));
      decipher.setAuthTag(sealed.subarray(15, 31));
      return Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8');
    }) satisfies Electron.SafeStorage['decryptString'],
  };

  /** The module object `require('electron')` returns in the main process. */
  const module = {
    app,
    screen,
    BrowserWindow: StandInBrowserWindow,
    ipcMain,
    protocol,
    net,
    session,
    Tray: StandInTray,
    Menu: StandInMenu,
    nativeImage,
    nativeTheme,
    powerMonitor,
    shell,
    safeStorage,
    clipboard,
    dialog,
  };

  /** What a test does to the stand-in and reads from it. */
  const control = {
    record,
    windows: () => [...windows],
    /** Electron emits ready once, after the main script has run its first turn. */
    emitReady() {
      if (ready) return;
      ready = true;
      app.emit('will-finish-launching');
      app.emit('ready', new StandInEvent(), {});
    },
    launchSecondInstance(argv: string[] = []) {
      app.emit('second-instance', new StandInEvent(), argv, process.cwd(), null);
    },
    /** macOS: the OS asks the running app to open a URL of a scheme it registered (open-url, preventable). */
    openUrl(url: string) {
      const event = new StandInEvent();
      app.emit('open-url', event, url);
      return event.defaultPrevented;
    },
    answerSaveDialogs(answer: (options: Electron.SaveDialogOptions) => Electron.SaveDialogReturnValue) {
      saveDialogAnswer = answer;
    },
    /** The user's answer to the next open dialogs (paths chosen, or canceled). */
    answerOpenDialogs(answer: (options: Electron.OpenDialogOptions) => Electron.OpenDialogReturnValue) {
      openDialogAnswer = answer;
    },
    attachDriver(pageDriver: PageDriver) {
      driver = pageDriver;
    },
    /** The display the app runs on (its bounds and the work area outside the panels). */
    setDisplay(display: { bounds: Electron.Rectangle; workArea: Electron.Rectangle }) {
      primaryDisplay = { ...primaryDisplay, ...display };
    },
    /** A subframe of a page (an iframe), as Electron's senderFrame would be for it. */
    frame(url: string, top: StandInFrame): StandInFrame {
      return new StandInFrame(url, top);
    },
  };
  return { module, control };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
export type StandInModule = ElectronStandIn['module'];
export type StandInBrowserWindow = InstanceType<StandInModule['BrowserWindow']>;
export type StandInWebContents = StandInBrowserWindow['webContents'];
export type StandInFrameMain = StandInWebContents['mainFrame'];
export type StandInTrayIcon = ElectronStandIn['control']['record']['trays'][number];

/**
 * The stand-in must offer what Baton's edge takes from Electron, with Electron's signatures: each
 * line fails the typecheck when a member is missing or its type does not fit Electron's own.
 */
type Fits<Real, StandIn extends Real> = StandIn;
export type TypeChecks = [
  Fits<Pick<Electron.App, 'requestSingleInstanceLock' | 'whenReady' | 'getPath' | 'getVersion' | 'quit' | 'exit' | 'setAppUserModelId' | 'isPackaged' | 'setLoginItemSettings' | 'getLoginItemSettings' | 'setAsDefaultProtocolClient' | 'isDefaultProtocolClient' | 'getName' | 'relaunch'>, StandInModule['app']>,
  Fits<Pick<Electron.IpcMain, 'removeHandler'>, StandInModule['ipcMain']>,
  Fits<Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>, Pick<StandInModule['protocol'], 'registerSchemesAsPrivileged' | 'handle'>>,
  Fits<Pick<Electron.Net, 'fetch'>, StandInModule['net']>,
  Fits<Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, Pick<StandInModule['session']['defaultSession'], 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>>,
  Fits<Pick<Electron.Shell, 'openExternal'>, StandInModule['shell']>,
  Fits<Pick<Electron.Clipboard, 'writeText'>, StandInModule['clipboard']>,
  Fits<Pick<Electron.Dialog, 'showErrorBox' | 'showOpenDialog'>, Pick<StandInModule['dialog'], 'showErrorBox' | 'showOpenDialog'>>,
  Fits<Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>, StandInModule['safeStorage']>,
  Fits<Pick<Electron.NativeTheme, 'shouldUseDarkColors'>, StandInModule['nativeTheme']>,
  Fits<PowerEvents, StandInModule['powerMonitor']>,
  PowerMonitorFits,
  Fits<Pick<Electron.WebContents, 'send' | 'setWindowOpenHandler' | 'isDestroyed' | 'getURL' | 'printToPDF' | 'id'>, StandInWebContents>,
  Fits<Pick<Electron.BrowserWindow, 'show' | 'hide' | 'focus' | 'restore' | 'isVisible' | 'isFocused' | 'isMinimized' | 'isDestroyed' | 'close' | 'destroy' | 'id' | 'setPosition' | 'getPosition'>, StandInBrowserWindow>,
  Fits<Pick<Electron.Screen, 'getPrimaryDisplay' | 'getDisplayMatching'>, StandInModule['screen']>,
  Fits<Pick<Electron.WebFrameMain, 'url' | 'routingId' | 'processId'>, StandInFrameMain>,
];
