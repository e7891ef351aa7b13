// Where `npm start` puts each part, overridable from the environment so two checkouts can run side by side.
export type DevPorts = { gateway: number; server: number; web: number };

function port(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new Error(`${name} must be a port number (1..65535), got "${raw}"`);
  return value;
}

export function devPorts(env: Record<string, string | undefined>): DevPorts {
  return {
    gateway: port(env, "GATEWAY_PORT", 9000),
    server: port(env, "SERVER_PORT", 3000),
    web: port(env, "WEB_PORT", 5173),
  };
}

/**
 * Each service reads PORT, so the shared environment must not leak one service's PORT into the other.
 * Explicit variables (GATEWAY_URL, PUBLIC_BASE_URL) win over the derived local ones.
 */
export function childEnvs(env: Record<string, string | undefined>, ports: DevPorts) {
  const base = { ...env };
  delete base.PORT;
  const gatewayUrl = `http://localhost:${ports.gateway}`;
  return {
    gateway: { ...base, PORT: String(ports.gateway), PUBLIC_BASE_URL: env.PUBLIC_BASE_URL || gatewayUrl },
    server: { ...base, PORT: String(ports.server), GATEWAY_URL: env.GATEWAY_URL || gatewayUrl },
  };
}
