# Makefile — the commands a Haven developer uses. See README.md.
#
#   make          build build/haven (needs the dependencies: make deps)
#   make run      install what is missing, build, create the demo database
#                 if there is none, and serve on http://127.0.0.1:8080
#   make check    install what is missing, build, check the style (make lint),
#                 and run every test
#   make lint     clang-format --dry-run on all C, and scripts/lint.sh's checks
#   make pg-test  PostgreSQL's schema against the SQLite migrations', and
#                 haven migrate-store, on a throwaway cluster (part of make check)
#   make pg-failover-test  Haven carries on when its PostgreSQL primary fails
#                 and a synchronous standby takes over (part of make check)
#   make http-test-pg  the HTTP tests with Haven on PostgreSQL, on a
#                 throwaway cluster (part of make check)
#   make bench    run the benchmarks in bench/
#   make bench-scale  only the national-scale benchmark (bench/scale.sh)
#   make fuzz     build the fuzz targets with clang and run each for
#                 FUZZ_SECONDS (default 300); see tests/fuzz/run.sh
#
# CMake does the building; this file only sequences the steps.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
DB         ?= data/haven.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc)

.PHONY: all build deps lint run check unit-test pg-test pg-failover-test asan-test http-test http-test-pg browser-test bench bench-scale fuzz clean

all: build

deps:
	@scripts/deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: deps build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ] || [ ! -f $(DB).key ]; then $(BUILD)/haven init --db $(DB) --demo; fi
	@scripts/demo-banner.sh $(LISTEN)
	@exec $(BUILD)/haven serve --db $(DB) --listen $(LISTEN)

check: deps lint build unit-test pg-test pg-failover-test http-test-pg asan-test http-test browser-test

# One style for all C (.clang-format), checked, never silently applied; and
# the house rules a compiler cannot check (scripts/lint.sh).
lint:
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')
	@scripts/lint.sh

# The store's contract suite runs on PostgreSQL too when HAVEN_TEST_PG_URL is set: the unit tests run
# with a throwaway cluster started around them and removed after (scripts/with-pg-cluster.sh).
PG_CLUSTER := $(if $(wildcard scripts/with-pg-cluster.sh),$(CURDIR)/scripts/with-pg-cluster.sh)
unit-test: build
	@cd $(BUILD) && $(PG_CLUSTER) ctest --output-on-failure

# PostgreSQL's schema is the SQLite migrations' schema (issue 21), and haven
# migrate-store moves a partnership onto it whole, each checked on a throwaway
# cluster started and removed around the test.
pg-test: build
	@HAVEN_BIN=$(BUILD)/haven scripts/with-pg-cluster.sh tests/store/pg_schema_test.py
	@HAVEN_BIN=$(BUILD)/haven scripts/with-pg-cluster.sh tests/store/migrate_store_test.py

# A primary and its synchronous standby (two throwaway clusters it starts and
# removes itself): a write load through Haven while the primary fails hard and
# the standby is promoted; every acknowledged write must be on the standby.
pg-failover-test: build
	@HAVEN_BIN=$(BUILD)/haven tests/store/pg_failover_test.py

# The unit tests again, built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan-test:
	@cmake -S . -B $(ASAN_BUILD) -DHAVEN_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && ctest --output-on-failure

# End-to-end: the real binary on a temporary database, spoken to over HTTP.
http-test: build
	@HAVEN_BIN=$(BUILD)/haven node --test tests/http/

# The same HTTP tests with Haven on PostgreSQL (issue 21): each test server on
# a database of its own in a throwaway cluster (tests/lib/haven.mjs).
http-test-pg: build
	@HAVEN_BIN=$(BUILD)/haven scripts/with-pg-cluster.sh node --test tests/http/

browser-test: build
	@HAVEN_BIN=$(BUILD)/haven node --test tests/browser/

bench: deps build
	@bench/run.sh
	@bench/audited-read.sh
	@bench/da-incidents.sh
	@bench/empty-register.sh
	@bench/missing-episodes.sh
	@bench/scale.sh

bench-scale: deps build
	@bench/scale.sh

# libFuzzer targets (tests/fuzz/), a separate clang build; `make check`
# replays their corpus and regressions without clang, in unit-test.
fuzz: deps
	@CC=clang-14 cmake -S . -B $(FUZZ_BUILD) -DHAVEN_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS)
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
