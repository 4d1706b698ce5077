// Shutdown under load, against the real binary: keep-alive clients write in a
// loop, the server gets SIGTERM, and afterwards the database and the answers
// must agree exactly: every write answered 2xx is in the database, and every
// write in the database was answered 2xx (none saved and left unanswered).
// The server stops taking new requests on its kept-alive connections
// (src/http/guard.c guard_drain: idle ones are closed, busy ones get
// Connection: close with their answer), although the clients never stop
// sending. One more client has sent its headers and holds its body back, so
// a request is in flight until --shutdown-grace ends: before the guard, the
// keep-alive clients went on being served until then, and were then cut off
// mid-request.

import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { rmSync } from "node:fs";
import { sqlRows as sql } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";
import { connect, sleep, waitFor } from "./raw.mjs";

/** POST one feedback row on `agent`; resolves to { status, close } or { error }. */
function write(port, agent, comments) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ satisfaction: "neutral", comments });
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/api/v1/feedback",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.once("end", () =>
          resolve({ status: res.statusCode, close: res.headers.connection === "close", at: Date.now() }),
        );
        res.once("error", (err) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.once("error", (err) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

// Enough clients that some request is nearly always in flight.
const CLIENTS = 32;

for (let round = 1; round <= 3; round++) {
  test(`SIGTERM while ${CLIENTS} keep-alive clients write (round ${round}): every 2xx is saved, everything saved got its 2xx, and no new request is taken`, async (t) => {
    const haven = await startHaven({ demo: false, args: ["--shutdown-grace", "3"], env: { HAVEN_FEEDBACK_LIMIT: "1000000" } });
    t.after(() => rmSync(haven.dir, { recursive: true, force: true }));
    const outcomes = new Map(); // comments -> { status, close } | { error }
    let signalledAt = 0;
    const deadline = Date.now() + 15_000;
    async function client(k) {
      // one connection per client, kept alive between writes
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; Date.now() < deadline; i++) {
          const comments = `client ${k} write ${i}`;
          const outcome = await write(haven.port, agent, comments);
          outcomes.set(comments, outcome);
          // after the signal, a refused connection means the server is gone
          if (signalledAt && outcome.error === "ECONNREFUSED") return;
        }
      } finally {
        agent.destroy();
      }
    }
    const clients = Array.from({ length: CLIENTS }, (_, k) => client(k));
    const holder = await connect(haven.port);
    holder.write(
      "POST /api/v1/feedback HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );
    await waitFor(() => outcomes.size >= 80, { timeoutMs: 10_000, what: "80 writes before the signal" });
    signalledAt = Date.now();
    haven.child.kill("SIGTERM");
    const info = await Promise.race([haven.exited(), sleep(10_000).then(() => null)]);
    const stoppedAfter = Date.now() - signalledAt;
    await Promise.all(clients);
    holder.destroy();
    assert.ok(info, "the server exited");
    assert.deepEqual(info, { code: 0, signal: null });
    await haven.stop({ keepDir: true });
    const late = [...outcomes].filter(([, o]) => o.at > signalledAt + 1000);
    assert.deepEqual(late, [], "no request is taken on a kept-alive connection after the signal");

    const saved = new Set(sql(haven.dbPath, "SELECT comments FROM feedback").map((r) => r.comments));
    const answered = [...outcomes].filter(([, o]) => o.status >= 200 && o.status < 300).map(([c]) => c);
    for (const c of answered) assert.ok(saved.has(c), `"${c}" was answered 2xx but is not in the database`);
    const unanswered = [...saved].filter((c) => !(outcomes.get(c)?.status >= 200 && outcomes.get(c)?.status < 300));
    assert.deepEqual(unanswered, [], "writes saved without a 2xx answer");
    for (const [c, o] of outcomes)
      if (!o.error) assert.equal(o.status, 201, `"${c}": a write is saved (201) or not answered at all`);
    assert.ok(answered.length >= 80, `${answered.length} writes acknowledged`);
    t.diagnostic(
      `${answered.length} writes acknowledged and found; ${outcomes.size - answered.length} not taken ` +
        `(connection closed before the request was read); ${[...outcomes.values()].filter((o) => o.close).length} ` +
        `answers with Connection: close; exited ${stoppedAfter} ms after SIGTERM (a body held back for the 3 s grace)`,
    );
  });
}
