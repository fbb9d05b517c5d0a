# Arcade: `make run` to try it, `make test` to check it. Both install what is missing.
SHELL := /bin/bash
# scripts/bin first: its wasm-opt answers a module it has optimised before from a cache
# (scripts/wasm-opt-cached.mjs), so a build of an unchanged bundle skips binaryen.
export PATH := $(CURDIR)/scripts/bin:$(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_SITE_ROOT := target/site

ADDR ?= 127.0.0.1:3000
DATABASE_URL ?= sqlite://data/arcade.db
BIN := target/release/arcade

.PHONY: run test tools test-tools build test-scripts test-unit test-cargo test-api-postgres test-e2e bench bench-checkout lint fmt

## run: install tools, build (release), start on SQLite with demo stores
run: tools build
	$(BIN) serve --demo --addr $(ADDR) --database-url $(DATABASE_URL)

## test: install tools, then unit, integration, PostgreSQL and browser tests
test: test-tools
	$(MAKE) --no-print-directory test-scripts
	$(MAKE) --no-print-directory test-unit
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory test-e2e

tools:
	@scripts/install-tools.sh

test-tools:
	@scripts/install-tools.sh --test

## build: server binary and browser bundles (release): the whole-page bundle via cargo-leptos,
## then the shop bundle the storefront's catalog pages load (scripts/build-shop-bundle.sh),
## then every file named by its content, so all are served immutable (scripts/name-by-content.mjs),
## then brotli and gzip copies of every bundle file (scripts/precompress.mjs)
build:
	cargo leptos build --release --split
	scripts/build-shop-bundle.sh
	node scripts/name-by-content.mjs $(LEPTOS_SITE_ROOT)/pkg target/release/hash.txt target/release/shop-bundle.txt
	node scripts/precompress.mjs $(LEPTOS_SITE_ROOT)/pkg

## test-scripts: the build's own scripts, on small folders they make (node --test)
test-scripts:
	node --test scripts/

## test-unit: cargo tests with a throwaway PostgreSQL: unit, repository suite on both backends,
## integration suite on SQLite and then again on PostgreSQL (-k: the second runs if the first fails)
test-unit:
	scripts/with-postgres.sh $(MAKE) --no-print-directory -k test-cargo test-api-postgres

# These two need ARCADE_TEST_POSTGRES_URL, which test-unit provides.
test-cargo:
	ARCADE_TEST_DATABASE=sqlite cargo test --features ssr --no-fail-fast

# More threads than cores: a test on PostgreSQL spends much of its time waiting on the
# database server (creating and dropping its database), so 8 at once finish sooner.
test-api-postgres:
	ARCADE_TEST_DATABASE=postgres cargo test --features ssr --no-fail-fast --test api -- --test-threads 8

## test-e2e: Playwright + Chromium against the release build
test-e2e:
	ARCADE_BIN=$(CURDIR)/$(BIN) LEPTOS_SITE_ROOT=$(CURDIR)/target/site npm test --prefix end2end

## bench: criterion benchmark of host resolution
bench:
	cargo bench --features ssr --bench resolve

## bench-checkout: orders per second with 64 shoppers on SQLite. Its own target directory:
## a bench build also rebuilds the server binary, without cargo-leptos's settings.
bench-checkout:
	CARGO_TARGET_DIR=target/bench cargo bench --features ssr --bench checkout

lint:
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --features shop --lib --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt
