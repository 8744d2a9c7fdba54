import net from 'node:net';

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers: a runbook_url host that
 * hangs. Counts the requests it was sent (their paths) and those still waiting. (Node's fetch
 * opens a spare connection after an aborted request and closes it unused: connections that carry
 * no request are not fetches.)
 */
export async function silentServer() {
  const sockets = new Set<net.Socket>();
  const waiting = new Set<net.Socket>();
  const paths: string[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let head = '';
    socket.on('data', (chunk) => {
      if (head.includes('\r\n')) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n')) return;
      paths.push(head.split('\r\n')[0].split(' ')[1] ?? '');
      waiting.add(socket);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      waiting.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    /** Requests sent (fetches started). */
    requests: () => paths.length,
    /** Requests still waiting for an answer. */
    waiting: () => waiting.size,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
