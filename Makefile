# PairPad: `make run` serves on http://127.0.0.1:8000, `make test` runs everything.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
HOST ?= 127.0.0.1
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint typecheck pytest frontend frontend-test system-deps uv sync bench clean

run: sync frontend
	$(UV) run pairpad serve --host $(HOST) --port $(PORT)

test: sync system-deps frontend lint typecheck frontend-test pytest

uv:
	@command -v uv >/dev/null 2>&1 || [ -x $(HOME)/.local/bin/uv ] || \
		python3 -m pip install --user --quiet uv || python3 -m pip install --user --quiet --break-system-packages uv

sync: uv
	$(UV) sync --frozen

# What the tests need from the system: PostgreSQL server binaries, Redis, nginx, Chromium, bubblewrap,
# and the compilers runs use (gcc, g++, a JDK, Go).
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "$$TEST_DATABASE_URL" ] || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	command -v gcc >/dev/null 2>&1 || missing="$$missing gcc"; \
	command -v g++ >/dev/null 2>&1 || missing="$$missing g++"; \
	command -v javac >/dev/null 2>&1 || missing="$$missing default-jdk-headless"; \
	command -v go >/dev/null 2>&1 || missing="$$missing golang-go"; \
	if [ -n "$$missing" ]; then \
		if [ -n "$(APT_GET)" ]; then \
			echo "installing:$$missing"; \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
		else echo "missing:$$missing (no apt-get here; the tests that need them will fail)"; fi; \
	fi

frontend:
	@if [ -f frontend/package.json ]; then \
		cd frontend && { [ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build; \
	fi

frontend-test:
	@if [ -f frontend/package.json ]; then \
		cd frontend && npm run lint && npm run typecheck && npm test; \
	fi

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck:
	$(UV) run mypy

pytest:
	$(UV) run pytest

bench: sync
	$(UV) run python -m bench

clean:
	rm -rf .venv frontend/node_modules frontend/dist .pytest_cache .ruff_cache .mypy_cache
