// A base URL where nothing listens (a server bound and stopped), for "the provider is down" cases.
export async function closedPortUrl(): Promise<string> {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(null) });
  const url = `http://127.0.0.1:${server.port}`;
  await server.stop(true);
  return url;
}
