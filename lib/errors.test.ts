import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, errorResponse, parseInput, runAction, toAppError } from "./errors";

describe("AppError", () => {
  it("maps codes to HTTP statuses", () => {
    expect(new AppError("not_found", "x").status).toBe(404);
    expect(new AppError("rate_limited", "x").status).toBe(429);
    expect(new AppError("budget_exceeded", "x").status).toBe(402);
    expect(new AppError("validation_failed", "x").status).toBe(422);
  });

  it("names the field of invalid input", () => {
    const schema = z.object({ email: z.email("Enter a valid email address.") });
    try {
      parseInput(schema, { email: "nope" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).field).toBe("email");
      expect((e as AppError).message).toBe("email: Enter a valid email address.");
    }
  });

  it("never leaks an unexpected error's message, SQL or stack", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(new Error('relation "users" does not exist at SELECT * FROM users'));
    spy.mockRestore();
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/relation|SELECT|at /);
    expect(JSON.parse(text).error.code).toBe("internal");
  });

  it("sets Retry-After on rate limits", () => {
    const res = errorResponse(new AppError("rate_limited", "slow down", { retryAfter: 12.2 }));
    expect(res.headers.get("Retry-After")).toBe("13");
  });

  it("turns thrown errors into action results and passes Next.js redirects through", async () => {
    const res = await runAction(async () => {
      throw new AppError("conflict", "taken", { field: "email" });
    });
    expect(res).toEqual({ ok: false, error: { code: "conflict", message: "taken", field: "email" } });
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), {
      digest: "NEXT_REDIRECT;replace;/login;307;",
    });
    await expect(runAction(async () => Promise.reject(redirect))).rejects.toBe(redirect);
    expect(toAppError(new AppError("forbidden", "no")).code).toBe("forbidden");
  });
});

describe("AppError across module copies", () => {
  it("is recognised when thrown by a separately loaded copy of the module (bundles, server.ts)", async () => {
    vi.resetModules();
    // A query string makes Vitest load a second, independent instance of the module.
    const path = "./errors?copy";
    const copy = (await import(/* @vite-ignore */ path)) as typeof import("./errors");
    expect(copy.AppError).not.toBe(AppError);
    const err = new copy.AppError("rate_limited", "slow down", { retryAfter: 3 });
    expect(err instanceof AppError).toBe(true);
    expect(toAppError(err)).toBe(err);
    expect(new Error("x") instanceof AppError).toBe(false);
    // Subclasses keep their own identity.
    class Special extends AppError {}
    expect(new AppError("bad_request", "x") instanceof Special).toBe(false);
    expect(new Special("bad_request", "x") instanceof Special).toBe(true);
  });
});
