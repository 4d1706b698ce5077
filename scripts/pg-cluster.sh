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
# For the fail-over test (tests/store/pg_failover_test.py), a primary and its
# streaming standby, two throwaway clusters:
#   scripts/pg-cluster.sh start-standby DIR PRIMARY_DIR
#                                     copy the cluster started in PRIMARY_DIR
#                                     (pg_basebackup through a replication
#                                     slot) to DIR, start it as a hot standby
#                                     on its own port, make the primary's
#                                     commits wait for it (synchronous
#                                     replication) and print its URL
#   scripts/pg-cluster.sh crash DIR   stop it the way a failure would
#                                     (immediate: no checkpoint); DIR stays
#   scripts/pg-cluster.sh promote DIR make the standby in DIR the primary
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
	echo "usage: $0 start|url|stop|crash|promote DIR, or $0 start-standby DIR PRIMARY_DIR" >&2
	exit 2
}

die() {
	echo "pg-cluster.sh: $*" >&2
	exit 1
}

[ $# -ge 2 ] || usage
command=$1
absolute() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$PWD/$1" ;;
	esac
}
dir=$(absolute "$2")
if [ "$command" = start-standby ]; then
	[ $# -eq 3 ] || usage
	primary_dir=$(absolute "$3")
else
	[ $# -eq 2 ] || usage
fi

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

# make_dir: DIR, new or empty, made over to the cluster's owner and marked as ours.
make_dir() {
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
}

# settings PORT: the cluster's own lines of postgresql.auto.conf.
settings() {
	cat <<-EOF
		listen_addresses = '127.0.0.1'
		port = $1
		unix_socket_directories = '$dir'
		fsync = on
		synchronous_commit = on
		max_connections = 200
		logging_collector = off
	EOF
}

# start_server [LINES]: starts PostgreSQL in DIR/data with settings for a free
# port and LINES (more postgresql.auto.conf lines), and sets $port. Another
# process may take the port between choosing and binding: it tries a few.
start_server() {
	local attempt
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		{
			settings "$port"
			[ -z "${1:-}" ] || echo "$1"
		} >"$dir/data/postgresql.auto.conf"
		if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null; then
			return
		fi
	done
	die "PostgreSQL did not start; see $dir/postgres.log"
}

start() {
	make_dir
	as_owner "$PG_BIN/initdb" -D "$dir/data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || die "initdb failed; see $dir/initdb.log"

	local port
	start_server

	as_owner "$PG_BIN/createdb" -h "$dir" -p "$port" -U "$owner" haven
	echo "postgresql://$owner@127.0.0.1:$port/haven" | as_owner tee "$dir/url"
}

# port_of URL: the port in a URL this script printed.
port_of() {
	local rest=${1##*:}
	echo "${rest%%/*}"
}

start_standby() {
	if [ ! -f "$primary_dir/$MARKER" ] || [ ! -f "$primary_dir/url" ]; then
		die "no cluster started in $primary_dir"
	fi
	local primary_port
	primary_port=$(port_of "$(cat "$primary_dir/url")")
	on_primary() {
		as_owner "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$primary_dir" -p "$primary_port" -U "$owner" -d haven -c "$1"
	}
	make_dir
	# The slot keeps the WAL the standby has not had yet; -R writes where to stream from.
	on_primary "SELECT pg_create_physical_replication_slot('haven_standby')" >/dev/null
	as_owner "$PG_BIN/pg_basebackup" -h "$primary_dir" -p "$primary_port" -U "$owner" -D "$dir/data" \
		-R -S haven_standby -X stream -c fast >"$dir/basebackup.log" 2>&1 ||
		die "pg_basebackup failed; see $dir/basebackup.log"
	local port attempt
	start_server "$(grep -E '^(primary_conninfo|primary_slot_name) ' "$dir/data/postgresql.auto.conf")"

	# From now on a commit on the primary returns once the standby has it on disk too.
	on_primary "ALTER SYSTEM SET synchronous_standby_names = '*'"
	on_primary "SELECT pg_reload_conf()" >/dev/null
	for attempt in $(seq 1 300); do
		[ "$(on_primary "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")" = 1 ] && break
		[ "$attempt" -lt 300 ] || die "the standby in $dir is not a synchronous standby after 30 s; see its postgres.log"
		sleep 0.1
	done
	echo "postgresql://$owner@127.0.0.1:$port/haven" | as_owner tee "$dir/url"
}

crash() {
	[ -f "$dir/$MARKER" ] || die "no cluster started in $dir"
	as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

promote() {
	[ -f "$dir/$MARKER" ] || die "no cluster started in $dir"
	as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null
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
start-standby) start_standby ;;
url) url ;;
stop) stop ;;
crash) crash ;;
promote) promote ;;
*) usage ;;
esac
