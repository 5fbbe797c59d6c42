/** Opens, migrates and seeds the database when the server starts, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./db/client");
  const { engine } = await getDatabase();
  console.log(`[prism] database ready (${engine})`);
}
