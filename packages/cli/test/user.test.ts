import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyPassword } from "@motcua/config/password";
import { openStore } from "@motcua/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";

// `motcua user` as the technician runs it on the hub: a real process, the password on stdin.
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-user-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function user(args: string[], stdin = "") {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, "user", ...args, "--data", dir], {
    input: stdin,
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The example office's store in the test's folder, read after the command ended. */
function withStore<T>(read: (store: ReturnType<typeof openStore>) => T): T {
  const store = openStore({ path: join(dir, "son-tay.sqlite") });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

describe("motcua user", () => {
  it("--help prints its usage and exits 0", () => {
    const run = user(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: pnpm motcua user add LOGIN --role");
  });

  it("adds the first admin with the password from stdin, hashed, and audits it", () => {
    const run = user(["add", "quan-tri", "--role", "admin", "--name", "Quản trị viên"], "mật khẩu dài đủ\n");
    expect(run.code, run.stderr).toBe(0);
    withStore((store) => {
      const stored = store.accounts.withHash("quan-tri");
      expect(stored?.account).toMatchObject({ role: "admin", name: "Quản trị viên", counters: [] });
      expect(verifyPassword("mật khẩu dài đủ", stored?.passwordHash ?? "")).toBe(true);
      expect(store.accounts.audit()).toEqual([
        expect.objectContaining({ action: "add", login: "quan-tri", actor: expect.stringMatching(/^cli:/) }),
      ]);
    });
  });

  it("lists accounts, changes a password and disables an account", () => {
    expect(
      user(["add", "can-bo-1", "--role", "officer", "--name", "Lê Thị B", "--counter", "1"], "mot-hai-ba-4\n")
        .code,
    ).toBe(0);
    expect(user(["list"]).stdout).toBe("can-bo-1\tofficer\t1\tactive\tLê Thị B\n");
    expect(user(["passwd", "can-bo-1"], "bon-nam-sau-7\n").code).toBe(0);
    withStore((store) =>
      expect(verifyPassword("bon-nam-sau-7", store.accounts.withHash("can-bo-1")?.passwordHash ?? "")).toBe(
        true,
      ),
    );
    expect(user(["disable", "can-bo-1"]).code).toBe(0);
    expect(user(["list"]).stdout).toContain("\tdisabled\t");
    withStore((store) =>
      expect(store.accounts.audit().map((a) => a.action)).toEqual(["disable", "passwd", "add"]),
    );
  });

  it("refuses a short password, an existing login, an unknown counter and a missing role", () => {
    const short = user(["add", "ngan", "--role", "leader", "--name", "Trưởng"], "ngắn\n");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 10 characters");
    expect(user(["add", "lanh-dao", "--role", "leader", "--name", "Trưởng"], "mot-hai-ba-4\n").code).toBe(0);
    const twice = user(["add", "lanh-dao", "--role", "leader", "--name", "Trưởng"], "mot-hai-ba-4\n");
    expect([twice.code, twice.stderr]).toEqual([1, 'motcua user: the account "lanh-dao" already exists\n']);
    const counter = user(
      ["add", "x1", "--role", "officer", "--name", "X", "--counter", "99"],
      "mot-hai-ba-4\n",
    );
    expect(counter.code).toBe(2);
    expect(counter.stderr).toContain("the office has no counter 99");
    expect(user(["add", "x2", "--name", "X"]).code).toBe(2);
    expect(user(["passwd", "nobody"], "mot-hai-ba-4\n").code).toBe(1);
    expect(user(["add", "Bad Login", "--role", "admin", "--name", "X"]).code).toBe(2);
  });
});
