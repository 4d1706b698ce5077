// A real SMTP server on loopback for the HTTP tests of what Haven emails:
// tests/http/smtp_sink.py (aiosmtpd, Debian's python3-aiosmtpd) saves each
// message it accepts as INBOX/N.eml with INBOX/N.json (its envelope) beside it.
//
//   const sink = await startSink(port, inbox);   // resolves once it listens
//   ... HAVEN_SMTP_URL: `smtp://127.0.0.1:${port}` ...
//   sink.kill("SIGTERM");
//
// startSink resolves to the child process once the sink prints "ready", and
// rejects with its stderr if it exits before then.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SINK = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "http", "smtp_sink.py");
// Debian's python3, which has the Debian packages (a pyenv python3 earlier on PATH may not).
const PYTHON = process.env.HAVEN_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

/** Starts smtp_sink.py on 127.0.0.1:`port`, saving into the directory `inbox`: its child process, once listening. */
export function startSink(port, inbox) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SINK, String(port), inbox], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (c) => (err += c));
    child.stdout.setEncoding("utf8").on("data", (c) => {
      if (c.includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`smtp_sink.py exited ${code}: ${err}`)));
  });
}
