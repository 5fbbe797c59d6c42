import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressRefusal, hostAllowlisted, outboundFetch, outboundRequest } from "./outbound";

describe("address rules", () => {
  it("refuses private, link-local, metadata and reserved addresses", () => {
    for (const ip of [
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
    ]) {
      expect(addressRefusal(ip, false), ip).not.toBeNull();
    }
    expect(addressRefusal("8.8.8.8", false)).toBeNull();
    expect(addressRefusal("2606:4700:4700::1111", false)).toBeNull();
  });

  it("allows loopback only when the caller says so", () => {
    expect(addressRefusal("127.0.0.1", false)).toBe("loopback address");
    expect(addressRefusal("::1", false)).toBe("loopback address");
    expect(addressRefusal("127.0.0.1", true)).toBeNull();
    expect(addressRefusal("169.254.169.254", true)).not.toBeNull();
  });

  it("matches allowlist entries by host, port and wildcard", () => {
    expect(hostAllowlisted("llm.internal", "8080", ["llm.internal"])).toBe(true);
    expect(hostAllowlisted("llm.internal", "8080", ["llm.internal:9090"])).toBe(false);
    expect(hostAllowlisted("a.corp.example", "443", ["*.corp.example"])).toBe(true);
    expect(hostAllowlisted("corp.example.evil", "443", ["*.corp.example"])).toBe(false);
  });
});

describe("outboundFetch against a real local server", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/redirect-metadata") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      } else if (req.url === "/redirect-local") {
        res.writeHead(302, { location: "/ok" }).end();
      } else {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("refuses loopback by IP and by a hostname that resolves to it", async () => {
    const f = outboundFetch({ allowLoopback: false, allowlist: [] });
    await expect(f(`http://127.0.0.1:${port}/`)).rejects.toThrow(/loopback address/);
    await expect(f(`http://localhost:${port}/`)).rejects.toThrow(/loopback address|will not connect/);
  });

  it("reaches loopback when allowed, or when the host is allowlisted", async () => {
    const allowed = outboundFetch({ allowLoopback: true, allowlist: [] });
    expect(await (await allowed(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
    const listed = outboundFetch({ allowLoopback: false, allowlist: [`127.0.0.1:${port}`] });
    expect(await (await listed(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
  });

  it("checks every redirect hop", async () => {
    const f = outboundFetch({ allowLoopback: true, allowlist: [] });
    expect(await (await f(`http://127.0.0.1:${port}/redirect-local`)).text()).toBe("ok");
    await expect(f(`http://127.0.0.1:${port}/redirect-metadata`)).rejects.toThrow(/private or reserved/);
  });

  it("refuses other schemes", async () => {
    const f = outboundFetch({ allowLoopback: true, allowlist: [] });
    await expect(f("file:///etc/passwd")).rejects.toThrow(/Only http and https/);
  });
});

describe("outboundRequest (the gateway's streamed relay) under the same rules", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/moved") return res.writeHead(308, { location: "/echo" }).end();
      if (req.url === "/moved-to-metadata")
        return res.writeHead(307, { location: "http://169.254.169.254/latest/" }).end();
      if (req.url === "/echo") {
        let body = "";
        req.on("data", (c) => {
          body += c;
        });
        req.on("end", () =>
          res.writeHead(200).end(`${req.method} ${body} ${req.headers.authorization ?? ""}`),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const get = (policy: Parameters<typeof outboundRequest>[0], url: string) =>
    outboundRequest(policy)(url, { method: "GET", headers: {}, signal: new AbortController().signal });

  it("refuses loopback, metadata and other schemes, every time it is asked", async () => {
    const policy = { allowLoopback: false, allowlist: [] };
    const request = outboundRequest(policy);
    const signal = new AbortController().signal;
    for (let i = 0; i < 2; i++) {
      await expect(
        request(`http://127.0.0.1:${port}/`, { method: "GET", headers: {}, signal }),
      ).rejects.toThrow(/loopback address/);
    }
    await expect(get(policy, `http://localhost:${port}/`)).rejects.toThrow(
      /loopback address|will not connect/,
    );
    await expect(
      get({ allowLoopback: true, allowlist: [] }, "http://169.254.169.254/latest/"),
    ).rejects.toThrow(/private or reserved/);
    await expect(get(policy, "file:///etc/passwd")).rejects.toThrow(/Only http and https/);
  });

  it("follows a 308 with its method and body, and checks every hop", async () => {
    const request = outboundRequest({ allowLoopback: true, allowlist: [] });
    const signal = new AbortController().signal;
    const res = await request(`http://127.0.0.1:${port}/moved`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: "hello",
      signal,
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe("POST hello Bearer k");
    await expect(
      request(`http://127.0.0.1:${port}/moved-to-metadata`, {
        method: "POST",
        headers: {},
        body: "x",
        signal,
      }),
    ).rejects.toThrow(/private or reserved/);
  });

  it("reaches loopback when allowed or allowlisted", async () => {
    const allowed = await get({ allowLoopback: true, allowlist: [] }, `http://127.0.0.1:${port}/`);
    expect(await allowed.body.text()).toBe("ok");
    const listed = await get(
      { allowLoopback: false, allowlist: [`127.0.0.1:${port}`] },
      `http://127.0.0.1:${port}/`,
    );
    expect(await listed.body.text()).toBe("ok");
  });
});
