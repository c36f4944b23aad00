import { O, TestClient, TestHub } from "@motcua/hub/testing";
import { afterEach, expect, it } from "vitest";

let h: TestHub | undefined;
afterEach(async () => {
  await h?.close().catch(() => undefined);
});

it("takes no further request once the store fails, acknowledges none, and says so", async () => {
  const fatal: Error[] = [];
  h = await TestHub.start({ more: { onFatal: (error) => fatal.push(error) } });
  const pad = await TestClient.connect(h.url);
  await pad.subscribe(`${O}/counter/1/ack`);
  await pad.publish(`${O}/counter/1/press`, { id: "before", button: "next" });
  await pad.next(`${O}/counter/1/ack`, (a) => a.id === "before");
  // The card fails under the hub (here: its store is closed behind its back).
  h.hub.store.close();
  const acknowledged = pad.client.publishAsync(
    `${O}/counter/1/press`,
    JSON.stringify({ id: "lost", button: "next" }),
    {
      qos: 1,
    },
  );
  // The press is not acknowledged: the broker drops the connection instead of a PUBACK.
  await pad.whenClosed();
  await expect(Promise.race([acknowledged.then(() => "acked"), Promise.resolve("not acked")])).resolves.toBe(
    "not acked",
  );
  expect(fatal.map((e) => e.message)).toEqual([expect.stringMatching(/the store failed/)]);
  expect(pad.raw(`${O}/counter/1/ack`).filter((a) => a.includes('"lost"'))).toEqual([]);
});
