// Hostile and broken clients, over raw sockets against the real binary
// (src/http/guard.c and src/http/server.c refuse_malformed):
//
//  - slow clients from many addresses (127.0.0.2 … 127.0.0.20, each its own
//    client to the server) trickling their headers cannot hold the
//    connection limit: each is closed after --header-timeout, and when the
//    server is nearly full the one waiting longest makes room, so another
//    client is still served at once;
//  - a body trickled below --min-body-rate is cut off and nothing is saved;
//  - HTTP/1.1 without exactly one Host is 400 with the security headers;
//  - pipelined requests are all answered, in order;
//  - headers over --max-header are 431 with the security headers;
//  - behind --trusted-proxy the per-address limit applies to each forwarded
//    client, not to the proxy that carries them all, and counts an IPv6
//    client by its /64.
//
// Every loop here is bounded by a deadline and every socket is destroyed at
// the end, so the file stops by itself.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sqlRows as sql } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";
import { connect, parseResponse, rawExchange, sleep, waitFor } from "./raw.mjs";

const ADDRESSES = Array.from({ length: 19 }, (_, i) => `127.0.0.${i + 2}`);

/** Every response in `text` (a pipelined stream), in order: [{ status, headers, body }]. */
function parseAll(text) {
  const out = [];
  let rest = text;
  while (rest.includes("\r\n\r\n")) {
    const res = parseResponse(rest);
    const head = rest.indexOf("\r\n\r\n") + 4;
    const length = Number(res.headers["content-length"] ?? 0);
    out.push({ ...res, body: rest.slice(head, head + length) });
    rest = rest.slice(head + length);
  }
  return out;
}

/** The security headers every answer carries (server.c send_response). */
function assertSecurityHeaders(res, what) {
  assert.match(res.headers["content-security-policy"] ?? "", /frame-ancestors 'none'/, `${what}: CSP`);
  assert.equal(res.headers["x-content-type-options"], "nosniff", `${what}: nosniff`);
  assert.equal(res.headers["cache-control"], "no-store", `${what}: no-store`);
}

/** GET /healthz on a fresh connection (Connection: close): { status, ms } or { error }. */
async function probe(port, timeoutMs) {
  const started = Date.now();
  const { text } = await rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: haven\r\nConnection: close\r\n\r\n", {
    timeoutMs,
  });
  const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
  return status ? { status: Number(status), ms: Date.now() - started } : { error: "no answer", ms: Date.now() - started };
}

describe("slow clients from many addresses", () => {
  test("cannot hold the connection limit: each is closed after --header-timeout and another client is served at once", async () => {
    // 19 addresses x 15 = 285 slow connections against a limit of 200: before
    // the guard, libmicrohttpd's idle timeout restarted at every byte and the
    // limit stayed full for as long as the slow clients liked.
    const haven = await startHaven({
      demo: false,
      args: ["--max-connections", "200", "--max-per-ip", "15", "--header-timeout", "2", "--idle-timeout", "30"],
    });
    const stopAt = Date.now() + 7000;
    let opened = 0;
    const lifetimes = []; // ms from connect to the server closing a slow connection
    const live = new Set();
    // One slow client: opens a connection, sends a byte of a request line
    // every 300 ms, and opens another when the server closes it.
    async function slowClient(localAddress) {
      while (Date.now() < stopAt) {
        let conn;
        try {
          conn = await connect(haven.port, { localAddress });
        } catch {
          await sleep(100);
          continue;
        }
        opened++;
        live.add(conn);
        const started = Date.now();
        const line = "GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Slow: " + "a".repeat(1000);
        for (let i = 0; Date.now() < stopAt && !conn.closed; i++) {
          conn.write(line[i % line.length]);
          await Promise.race([conn.closedPromise, sleep(300)]);
        }
        if (conn.closed) lifetimes.push(Date.now() - started);
        conn.destroy();
        live.delete(conn);
      }
    }
    const attackers = [];
    for (const address of ADDRESSES) for (let i = 0; i < 15; i++) attackers.push(slowClient(address));
    try {
      await sleep(1500); // the attack is at full strength
      const probes = [];
      for (let i = 0; i < 5; i++) {
        probes.push(await probe(haven.port, 3000));
        await sleep(400);
      }
      for (const p of probes) {
        assert.equal(p.status, 200, `another client is served during the attack: ${JSON.stringify(probes)}`);
        assert.ok(p.ms < 2500, `promptly: ${JSON.stringify(probes)}`);
      }
      await Promise.all(attackers);
    } finally {
      for (const c of live) c.destroy();
      await haven.stop();
    }
    assert.ok(opened >= 285, `the slow clients opened at least their 285 connections (${opened})`);
    assert.ok(lifetimes.length >= 285, `the server closed slow connections (${lifetimes.length})`);
    const longest = Math.max(...lifetimes);
    assert.ok(longest < 2000 + 2500, `none outlived --header-timeout 2 by much (longest ${longest} ms)`);
  });

  test("a body slower than --min-body-rate is cut off after the grace, and nothing is saved", async () => {
    const haven = await startHaven({ demo: false, args: ["--header-timeout", "1", "--min-body-rate", "1000"] });
    try {
      // (a valid body, made long by the whitespace JSON allows after it)
      const body = JSON.stringify({ satisfaction: "neutral", comments: "slow" }) + " ".repeat(5000);
      const conn = await connect(haven.port);
      const started = Date.now();
      conn.write(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${body.length}\r\n\r\n`,
      );
      // 20 bytes every 100 ms: 200 bytes a second, a fifth of the minimum.
      for (let i = 0; i < body.length && !conn.closed && Date.now() - started < 10_000; i += 20) {
        conn.write(body.slice(i, i + 20));
        await Promise.race([conn.closedPromise, sleep(100)]);
      }
      assert.ok(conn.closed, "the server closed the slow upload");
      const took = Date.now() - started;
      assert.ok(took >= 1000 && took < 4000, `after the grace plus what was sent allows (${took} ms)`);
      conn.destroy();
      // The same body at a normal rate is saved.
      const ok = await rawExchange(
        haven.port,
        "POST /api/v1/feedback HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.equal(parseResponse(ok.text).status, 201, ok.text.slice(0, 200));
    } finally {
      await haven.stop({ keepDir: true });
    }
    assert.equal(sql(haven.dbPath, "SELECT count(*) AS n FROM feedback")[0].n, 1, "only the normal upload is saved");
  });
});

describe("broken requests", () => {
  let haven;
  before(async () => {
    haven = await startHaven({ demo: false });
  });
  after(async () => {
    if (haven) assert.equal(await haven.stop(), 0);
  });

  test("HTTP/1.1 without Host, or with two: 400 with the security headers and the connection closed", async () => {
    for (const [what, request, api] of [
      ["no Host, a page", "GET / HTTP/1.1\r\n\r\n", false],
      ["no Host, the API", "GET /api/v1/areas HTTP/1.1\r\n\r\n", true],
      ["two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", false],
    ]) {
      const { text, closed } = await rawExchange(haven.port, request, { timeoutMs: 3000 });
      assert.ok(closed, `${what}: the server closes the connection`);
      const res = parseResponse(text);
      assert.equal(res.status, 400, `${what}: ${text.slice(0, 200)}`);
      assert.equal(res.headers.connection, "close", what);
      assertSecurityHeaders(res, what);
      if (api) {
        assert.equal(res.headers["content-type"], "application/problem+json");
        assert.match(JSON.parse(res.body).detail, /Host/);
      } else {
        assert.match(res.body, /Host header/);
      }
    }
    // HTTP/1.0 has no Host requirement.
    const old = await rawExchange(haven.port, "GET /healthz HTTP/1.0\r\n\r\n", { timeoutMs: 3000 });
    assert.equal(parseResponse(old.text).status, 200, old.text.slice(0, 200));
  });

  test("headers over --max-header: 431 from Haven, with the security headers", async () => {
    const { text, closed } = await rawExchange(
      haven.port,
      `GET /api/v1/areas HTTP/1.1\r\nHost: haven\r\nX-Big: ${"b".repeat(20 * 1024)}\r\n\r\n`,
      { timeoutMs: 3000 },
    );
    const res = parseResponse(text);
    assert.equal(res.status, 431, text.slice(0, 200));
    assert.ok(closed, "the connection is closed");
    assertSecurityHeaders(res, "431");
    assert.equal(JSON.parse(res.body).title, "Request headers too large");
    // and the server keeps serving
    assert.equal((await probe(haven.port, 3000)).status, 200);
  });

  test("pipelined requests (reads, writes, errors) are all answered, in order, in one write or in pieces", async () => {
    const expected = [];
    let stream = "";
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) {
        stream += "GET /healthz HTTP/1.1\r\nHost: haven\r\n\r\n";
        expected.push({ status: 200, check: (b) => JSON.parse(b).status === "alive" });
      } else if (i % 3 === 1) {
        const body = JSON.stringify({ satisfaction: "neutral", comments: `pipelined ${i}` });
        stream +=
          "POST /api/v1/feedback HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${body.length}\r\n\r\n${body}`;
        expected.push({ status: 201, check: (b) => JSON.parse(b).status === "saved" });
      } else {
        stream += `GET /api/v1/no-such-thing-${i} HTTP/1.1\r\nHost: haven\r\n\r\n`;
        expected.push({ status: 404, check: (b) => JSON.parse(b).status === 404 });
      }
    }
    stream += "GET /readyz HTTP/1.1\r\nHost: haven\r\nConnection: close\r\n\r\n";
    expected.push({ status: 200, check: (b) => JSON.parse(b).status === "ready" });

    for (const pieces of [1, 37]) {
      const conn = await connect(haven.port);
      try {
        const size = Math.ceil(stream.length / pieces);
        for (let at = 0; at < stream.length; at += size) {
          conn.write(stream.slice(at, at + size));
          if (pieces > 1) await sleep(5);
        }
        assert.ok(await conn.waitClosed(10_000), "the last request's Connection: close ends it");
        const answers = parseAll(conn.received);
        assert.equal(answers.length, expected.length, `${pieces} piece(s): every request is answered`);
        answers.forEach((a, i) => {
          assert.equal(a.status, expected[i].status, `${pieces} piece(s): answer ${i}`);
          assert.ok(expected[i].check(a.body), `${pieces} piece(s): answer ${i} is its own: ${a.body}`);
        });
      } finally {
        conn.destroy();
      }
    }
  });
});

describe("--trusted-proxy and the per-address limit", () => {
  test("the proxy's connections are not limited per address; each forwarded client is", async () => {
    const haven = await startHaven({ demo: false, args: ["--trusted-proxy", "127.0.0.1", "--max-per-ip", "1"] });
    const conns = [];
    try {
      // Three connections from the proxy at once (it carries everyone), all served.
      for (let i = 0; i < 3; i++) conns.push(await connect(haven.port));
      // Each for another forwarded client: one client's requests in flight are
      // limited too (below), and on a busy machine these three could overlap.
      conns.forEach((c, i) => c.write(`GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Forwarded-For: 203.0.113.${9 + i}\r\n\r\n`));
      for (const c of conns) {
        await c.waitFor("\r\n\r\n", 3000);
        assert.equal(parseResponse(c.received).status, 200, "a proxy connection beyond --max-per-ip is served");
      }
      // A direct client other than the proxy is limited by connections.
      // The second connects only once the first is answered: Haven's threads
      // accept in no fixed order, so two at once could be taken either way round.
      const a = await connect(haven.port, { localAddress: "127.0.0.2" });
      conns.push(a);
      a.write("GET /healthz HTTP/1.1\r\nHost: haven\r\n\r\n");
      await a.waitFor("\r\n\r\n", 3000);
      assert.equal(parseResponse(a.received).status, 200, "the first connection from 127.0.0.2 is served");
      const b = await connect(haven.port, { localAddress: "127.0.0.2" });
      conns.push(b);
      assert.ok(await b.waitClosed(3000), "a second connection from 127.0.0.2 is closed");

      // Through the proxy, one forwarded client may have one request in flight
      // (--max-per-ip 1), counted from its headers: the first sends its headers
      // and holds its body back.
      const [first, second, third] = conns;
      for (const c of conns) c.received = "";
      const body = JSON.stringify({ satisfaction: "neutral", comments: "through the proxy" });
      first.write(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\n" +
          `X-Forwarded-For: 198.51.100.7\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      await sleep(300);
      second.write("GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n");
      await second.waitFor("\r\n\r\n", 3000);
      const refused = parseResponse(second.received);
      assert.equal(refused.status, 429, second.received.slice(0, 300));
      assert.equal(refused.headers["retry-after"], "1");
      assert.match(refused.body, /at once/);
      assertSecurityHeaders(refused, "429");
      // another client through the same proxy is not held back
      third.write("GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Forwarded-For: 198.51.100.8\r\n\r\n");
      await third.waitFor("\r\n\r\n", 3000);
      assert.equal(parseResponse(third.received).status, 200);
      // the first finishes; then its client may send again
      first.write(body);
      await first.waitFor("\r\n\r\n", 3000);
      assert.equal(parseResponse(first.received).status, 201, first.received.slice(0, 300));
      const again = await rawExchange(
        haven.port,
        "GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n\r\n",
        { timeoutMs: 3000 },
      );
      assert.equal(parseResponse(again.text).status, 200);
    } finally {
      for (const c of conns) c.destroy();
      await haven.stop();
    }
  });

  test("a forwarded IPv6 client's requests in flight are counted across its /64", async () => {
    const haven = await startHaven({ demo: false, args: ["--trusted-proxy", "127.0.0.1", "--max-per-ip", "1"] });
    const conns = [];
    try {
      for (let i = 0; i < 3; i++) conns.push(await connect(haven.port));
      const [first, second, third] = conns;
      // one address of the /64 sends its headers and holds its body back: its request is in flight
      const body = JSON.stringify({ satisfaction: "neutral", comments: "from one /64" });
      first.write(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\n" +
          `X-Forwarded-For: 2001:db8:9:9::1\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      await sleep(300);
      // another address of the same /64 is the same client
      second.write("GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Forwarded-For: 2001:db8:9:9:abcd::2\r\n\r\n");
      await second.waitFor("\r\n\r\n", 3000);
      assert.equal(parseResponse(second.received).status, 429, second.received.slice(0, 300));
      // the next /64 is another client
      third.write("GET /healthz HTTP/1.1\r\nHost: haven\r\nX-Forwarded-For: 2001:db8:9:a::1\r\n\r\n");
      await third.waitFor("\r\n\r\n", 3000);
      assert.equal(parseResponse(third.received).status, 200, third.received.slice(0, 300));
      first.write(body);
      await first.waitFor("\r\n\r\n", 3000);
      assert.equal(parseResponse(first.received).status, 201, first.received.slice(0, 300));
    } finally {
      for (const c of conns) c.destroy();
      await haven.stop();
    }
  });
});
