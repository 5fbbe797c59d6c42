/**
 * `npm run keys:rotate` re-encrypts every stored secret under the newest key.
 * With the embedded key file, `npm run keys:rotate -- --new-key` first adds a new key version.
 * With PRISM_ENCRYPTION_KEY, add a new `version:key` pair to it (keep the old ones) and run this.
 */
import { getDatabase } from "../db/client";
import { addFileKeyVersion, keyRing } from "../lib/crypto/keyring";
import { rotateSecrets } from "../lib/crypto/rotate";

async function main() {
  const ring = process.argv.includes("--new-key") ? addFileKeyVersion() : keyRing();
  const database = await getDatabase();
  const report = await rotateSecrets(database.db, ring);
  console.log(JSON.stringify({ keyVersion: ring.current, report }, null, 2));
  await database.close();
  const failed = Object.values(report).reduce((n, r) => n + r.failed.length, 0);
  if (failed > 0) {
    console.error(
      `[prism] ${failed} secret(s) failed their integrity check and were left unchanged; re-enter them`,
    );
    process.exit(2);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
