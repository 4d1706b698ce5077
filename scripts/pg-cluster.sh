#!/usr/bin/env bash
# pg-cluster.sh — a throwaway PostgreSQL cluster for tests and benchmarks
# (issue 21), made in a directory and removed with it.
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR/data, start PostgreSQL on a
#                                     unix socket in DIR and on 127.0.0.1 at a
#                                     free port, create database "haven", and
#                                     print one line: the connection URL
#   scripts/pg-cluster.sh url DIR     print that URL again
#   scripts/pg-cluster.sh stop DIR    stop it (fast) and remove DIR
#
# PostgreSQL never runs as root: run by root, the script makes DIR over to the
# Debian package's `postgres` user and runs every PostgreSQL program as that
# user. Durability is as in production (fsync on, synchronous_commit on), so
# what a test sees as "saved" means what it means in service. Authentication
# is `trust`, which is safe only because the cluster listens on nothing but
# 127.0.0.1 and a socket in DIR and lives as long as one test run.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=haven-throwaway-cluster # written in DIR, so `stop` removes only what `start` made

usage() {
	echo "usage: $0 start|url|stop DIR" >&2
	exit 2
}

die() {
	echo "pg-cluster.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || usage
command=$1
dir=$2
case $dir in
/*) ;;
*) dir=$PWD/$dir ;;
esac

# as_owner CMD...: runs CMD as the cluster's owner (postgres when we are root).
if [ "$(id -u)" -eq 0 ]; then
	owner=postgres
	getent passwd "$owner" >/dev/null || die "run as root, but there is no '$owner' user to run PostgreSQL as (install postgresql-15: scripts/deps.sh)"
	as_owner() { runuser -u "$owner" -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
	[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL at $PG_BIN (install postgresql-15: scripts/deps.sh)"
	if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		die "$dir is not empty; give a new or empty directory"
	fi
	# PostgreSQL refuses a unix socket path longer than 107 bytes.
	[ ${#dir} -le 80 ] || die "$dir is too long for PostgreSQL's unix socket; use a shorter path (e.g. under /tmp)"
	mkdir -p "$dir"
	[ "$owner" = "$(id -un)" ] || chown "$owner:" "$dir"
	chmod 700 "$dir"
	as_owner test -w "$dir" || die "$owner cannot write $dir (is a parent directory closed to it?)"
	as_owner touch "$dir/$MARKER"

	as_owner "$PG_BIN/initdb" -D "$dir/data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || die "initdb failed; see $dir/initdb.log"

	# Another process may take the port between choosing and binding: try a few.
	local port attempt
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		cat >"$dir/data/postgresql.auto.conf" <<-EOF
			listen_addresses = '127.0.0.1'
			port = $port
			unix_socket_directories = '$dir'
			fsync = on
			synchronous_commit = on
			max_connections = 200
			logging_collector = off
		EOF
		if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null; then
			break
		fi
		[ "$attempt" -lt 5 ] || die "PostgreSQL did not start; see $dir/postgres.log"
	done

	as_owner "$PG_BIN/createdb" -h "$dir" -p "$port" -U "$owner" haven
	echo "postgresql://$owner@127.0.0.1:$port/haven" | as_owner tee "$dir/url"
}

url() {
	[ -f "$dir/url" ] || die "no cluster started in $dir"
	cat "$dir/url"
}

stop() {
	[ -f "$dir/$MARKER" ] || die "$dir was not made by pg-cluster.sh start; not removing it"
	# A server that already died (its pid file left behind) needs no stopping.
	if [ -f "$dir/data/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null; then
		as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
			as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ||
			die "PostgreSQL in $dir does not stop; left as it is (see $dir/postgres.log)"
	fi
	rm -rf "$dir"
}

case $command in
start) start ;;
url) url ;;
stop) stop ;;
*) usage ;;
esac
