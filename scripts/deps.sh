#!/usr/bin/env bash
# deps.sh — installs what Haven needs to build, run and test, and nothing
# else: Debian packages (with apt-get when run as root; otherwise it prints
# the exact command to run) and npm packages from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
	libsodium-dev libmagic-dev nettle-dev libcurl4-openssl-dev libcmocka-dev libcsv-dev libzxcvbn-dev libunistring-dev libicu-dev libpsl-dev libxlsxwriter-dev libbrotli-dev zlib1g-dev libjemalloc-dev brotli chromium weasyprint poppler-utils sqlite3 wrk curl ca-certificates time
	python3 python3-aiosmtpd python3-icalendar clang-14 libclang-rt-14-dev clang-format
	postgresql-15 libpq-dev)
# Node.js: use the machine's own if it has one (it may be newer than Debian's).
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
	if [ "$(id -u)" -eq 0 ]; then
		echo "Installing Debian packages: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${missing[@]}"
	else
		echo "Haven needs these Debian packages. Run:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
fi

# npm packages, exactly as locked; only when the lock file changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "Installing npm packages from package-lock.json"
	npm ci --no-audit --no-fund --loglevel=error
fi
