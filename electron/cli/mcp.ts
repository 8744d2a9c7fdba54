export async function runMcpServer(_o: { dataDir: string; version: string }): Promise<void> {
  throw new Error('not yet');
}
