import { beforeAll, expect, it } from "vitest";
import { seedCatalog } from "@/db/seed-catalog";
import { grantCredits } from "@/lib/billing/wallet";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { walletBalances } from "./wallet-balances";

describeEachEngine("admin wallet balances", ({ db }) => {
  beforeAll(async () => {
    await seedCatalog(db());
  });

  it("lists balances for admins only; a user without a wallet has 0", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const funded = await makeUser(db());
    const empty = await makeUser(db());
    await grantCredits(db(), admin.actor, { userId: funded.id, amount: 321, reason: "test grant" }, ctx);
    const balances = await walletBalances(db(), admin.actor, [funded.id, empty.id]);
    expect(Object.fromEntries(balances)).toEqual({ [funded.id]: 321, [empty.id]: 0 });
    expect((await walletBalances(db(), admin.actor, [])).size).toBe(0);
    const refused = await walletBalances(db(), funded.actor, [funded.id]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("forbidden");
  });
});
