// A Baton main process for the fault matrix, run as its own process so it can be SIGKILLed or started
// over a read-only or full data folder. Real services over the data folder given as argv[2]; every
// notification asked for is printed as a JSON line. stdin: "observe" prints what it shows and has
// journaled; "exit" shuts down cleanly.
import readline from 'node:readline';
import { call, startServices } from '../../helpers/services';
import { pageRecords, shownPages } from './drive';
import { errorText } from '../../../shared/errors';

const say = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');

const dataDir = process.argv[2];
let services: Awaited<ReturnType<typeof startServices>>;
try {
  services = await startServices({
    dataDir,
    notifier: { notify: async (request) => (say({ notified: request, at: Date.now() }), { ok: true }) },
  });
} catch (error) {
  say({ failed: errorText(error) });
  process.exit(1);
}
try {
  await call(services, 'updateSettings', { notifications: { repeatMinutes: 60 } });
} catch (error) {
  say({ warning: `could not set a long repeat interval: ${errorText(error)}` });
}
say({ ready: { url: services.pages.webhookUrl(), token: services.pages.webhookToken() }, notices: services.hub.get().notices.map((n) => n.message) });

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'observe') say({ observed: { shown: shownPages(services), records: pageRecords(services) } });
  if (line === 'exit') void services.dispose().then(() => process.exit(0));
});
lines.on('close', () => void services.dispose().then(() => process.exit(0)));
