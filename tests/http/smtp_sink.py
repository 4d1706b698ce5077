#!/usr/bin/env python3
"""smtp_sink.py — a real SMTP server on 127.0.0.1 for mail.test.mjs.

    python3 smtp_sink.py PORT DIR

Listens on 127.0.0.1:PORT (aiosmtpd, from Debian's python3-aiosmtpd) and
saves each message it accepts as DIR/N.eml (N = 1, 2, ..., carrying on
after files already there) (the DATA exactly as received)
with DIR/N.json beside it ({"mail_from", "rcpt_tos"}: the envelope).
Prints "ready" on stdout once listening; runs until SIGTERM or SIGINT.
"""
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        # numbering carries on from messages saved by an earlier run (a restart)
        self.count = len([f for f in os.listdir(directory) if f.endswith(".eml")])
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.directory, str(n))
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")  # the .eml last: its presence means complete
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
