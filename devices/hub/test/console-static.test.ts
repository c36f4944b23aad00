// The console's built pages served as plain files (static.ts), on a folder of the test's own:
// page paths give index.html, assets their type and a year's cache, nothing leaves the folder,
// the API's paths and every change go on to the router, and unbuilt pages say how to build them.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY, consolePages, consolePagesDir } from "../src/console/static.js";

let root: string;
let server: Server;
let port = 0;
let pagesDir = "";
/** The folder the server serves (a test may point it elsewhere). */
let dir = "";

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request as written (node:http keeps `..` and encoded characters in the path). */
function get(path: string, method = "GET"): Promise<Got> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", reject)
      .end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "motcua-pages-"));
  pagesDir = join(root, "web-dist");
  mkdirSync(join(pagesDir, "assets"), { recursive: true });
  writeFileSync(join(pagesDir, "index.html"), "<!doctype html><title>Quản lý</title>");
  writeFileSync(join(pagesDir, "assets", "index-abc123.js"), "console.log(1)");
  writeFileSync(join(pagesDir, "assets", "font-x.woff2"), "woff2");
  writeFileSync(join(root, "secret.txt"), "not a page");
  dir = pagesDir;
  server = createServer((req, res) => {
    // The folder may change between tests: a new handler each request (it keeps no state).
    if (!consolePages(dir)(req, res)) res.writeHead(418).end("router");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

describe("the console's pages", () => {
  it("finds the built pages in @motcua/console's package", () => {
    expect(consolePagesDir()).toMatch(/devices[/\\]console[/\\]web-dist$/);
  });

  it("gives index.html for / and every page path, never cached, with the security headers", async () => {
    for (const path of ["/", "/hom-nay", "/cau-hinh?x=1"]) {
      const got = await get(path);
      expect(got.status, path).toBe(200);
      expect(got.body).toContain("Quản lý");
      expect(got.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(got.headers["cache-control"]).toBe("no-cache");
      expect(got.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
      expect(got.headers["x-content-type-options"]).toBe("nosniff");
    }
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe");
  });

  it("gives the hashed assets with their type, cached a year; HEAD without a body", async () => {
    const js = await get("/assets/index-abc123.js");
    expect([js.status, js.headers["content-type"], js.body]).toEqual([
      200,
      "text/javascript; charset=utf-8",
      "console.log(1)",
    ]);
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await get("/assets/font-x.woff2")).headers["content-type"]).toBe("font/woff2");
    const head = await get("/assets/index-abc123.js", "HEAD");
    expect([head.status, head.body, head.headers["content-length"]]).toEqual([200, "", "14"]);
    expect((await get("/assets/missing.js")).status).toBe(404);
    expect((await get("/missing.png")).status).toBe(404);
  });

  it("serves nothing outside its folder", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/%00index.html",
    ]) {
      const got = await get(path);
      expect(got.body, path).not.toContain("not a page");
      expect([400, 404], path).toContain(got.status);
    }
  });

  it("leaves the API and every change to the router", async () => {
    expect((await get("/api/session")).status).toBe(418);
    expect((await get("/api")).status).toBe(418);
    expect((await get("/", "POST")).status).toBe(418);
  });

  it("says how to build the pages when they are not built", async () => {
    dir = join(root, "nothing-here");
    try {
      const got = await get("/");
      expect(got.status).toBe(503);
      expect(got.body).toContain("pnpm --filter @motcua/console build");
    } finally {
      dir = pagesDir;
    }
  });
});
