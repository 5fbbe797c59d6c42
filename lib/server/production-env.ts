// Imported first by server.ts: Next.js and React choose their production builds from NODE_ENV when
// they load, so it must be set before they are imported.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "production";
