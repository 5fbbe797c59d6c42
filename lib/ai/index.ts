import "server-only";

// The application's gateway. lib/ai/instance.ts holds it without the "server-only" marker, because
// the HTTP server's fast API path (server.ts) loads it outside Next.js, where that marker throws.
export { getGateway } from "./instance";
