#!/usr/bin/env bash
# demo-banner.sh — what `make run` prints before serving: where Haven is and
# how to use the demo partnership.
listen=${1:-127.0.0.1:8080}
cat <<MSG

  Haven is starting on http://$listen/  (Ctrl+C stops it)

  The demo partnership: Blackburn with Darwen, Blackpool and Lancashire, with
  fictional agencies and schools. Open http://$listen/agencies to see them.

  Demo sign-in: accounts and sign-in are not built yet, so every page here is
  public and holds no personal data. When they arrive, the demo users and
  their passwords will be listed here and in README.md.

MSG
