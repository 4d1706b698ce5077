// Raw-socket HTTP helpers for the tests in this directory (not a test file:
// node --test only runs *.test.mjs here). For the cases fetch cannot express:
// exact bytes on the wire, half-sent requests, idle and refused connections.

import net from "node:net";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// For Promise.race deadlines: does not keep the process alive once the race is won.
const raceTimeout = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/** Poll `check` (sync or async) every `everyMs` until truthy or `timeoutMs` passes. */
export async function waitFor(check, { timeoutMs = 5000, everyMs = 20, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * An open connection to 127.0.0.1:port that records everything it receives.
 * Resolves once connected. localAddress (127.0.0.2 …) makes the connection
 * come from another loopback address, as another client would.
 */
export function connect(port, { localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress });
    const conn = {
      socket,
      received: "",
      closed: false,
      error: null,
      closedPromise: null,
      /** Resolves true when the server closed the socket within timeoutMs, else false. */
      waitClosed(timeoutMs = 5000) {
        return Promise.race([conn.closedPromise.then(() => true), raceTimeout(timeoutMs).then(() => false)]);
      },
      /** Resolves to the received text once it contains `text` (or throws after timeoutMs). */
      waitFor(text, timeoutMs = 5000) {
        return waitFor(() => conn.received.includes(text) || (conn.closed && "closed"), {
          timeoutMs,
          what: JSON.stringify(text),
        }).then(() => conn.received);
      },
      write(data) {
        socket.write(data);
      },
      destroy() {
        socket.destroy();
      },
    };
    socket.setEncoding("latin1");
    socket.on("data", (d) => {
      conn.received += d;
    });
    socket.on("error", (err) => {
      conn.error = err;
    });
    conn.closedPromise = new Promise((r) =>
      socket.once("close", () => {
        conn.closed = true;
        r();
      }),
    );
    socket.once("connect", () => resolve(conn));
    socket.once("error", (err) => {
      if (!socket.connecting) return;
      reject(err);
    });
  });
}

/**
 * Sends `data` on a new connection and resolves to everything received once
 * the server closes it (send "Connection: close"), or once timeoutMs passes.
 */
export async function rawExchange(port, data, { timeoutMs = 5000 } = {}) {
  const conn = await connect(port);
  conn.write(data);
  const closed = await conn.waitClosed(timeoutMs);
  conn.destroy();
  return { text: conn.received, closed, error: conn.error };
}

/** Splits the first response in `text` into { status, headers (lower-case names), body }. */
export function parseResponse(text) {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`no complete response head in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, body: text.slice(end + 4) };
}
