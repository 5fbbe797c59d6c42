import { shared } from "./shared";

/**
 * The process's place in its life: once it is draining (SIGTERM received) readiness answers 503,
 * so a load balancer stops sending it new requests while the ones in flight finish.
 */
export const lifecycle = shared("lifecycle", () => ({
  draining: false,
  /** Set by server.ts, which drains and exits on SIGTERM itself (lib/server/drain.ts). */
  ownsShutdown: false,
}));
