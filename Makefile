# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Both create .venv when missing, install the project into it (quietly; skipped when
# pyproject.toml has not changed), install the Debian packages when run as root (or
# print the apt line to run), then do their job.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEB_PACKAGES := fonts-noto-cjk nginx libnginx-mod-rtmp xvfb libxcb-icccm4 libxcb-keysyms1 sox libportaudio2 \
	nodejs node-jsdom

.PHONY: demo test deps install lint clean package bench

demo: install deps
	$(VENV)/bin/studio demo

# The overnight fault soak (tests/runtime/test_fault_soak.py: a real room for ten minutes
# of wall time under a schedule of faults) runs beside the rest of the suite, so the run
# takes the longer of the two, not their sum; its output is in out/soak.log.
test: install deps
	@mkdir -p out
	@QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m soak >out/soak.log 2>&1 & soak=$$!; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q --durations=15 -m "not soak"; suite=$$?; \
	echo "waiting for the fault soak (out/soak.log) ..."; wait $$soak; soaked=$$?; \
	tail -n 25 out/soak.log; \
	test $$suite -eq 0 && test $$soaked -eq 0

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v=sys.version_info[:2]; sys.exit(0 if (3,10)<=v<(3,13) else "Studio needs Python 3.10-3.12; set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing Studio into $(VENV) (first time: a few minutes)"
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Debian packages: CJK fonts for Chinese text, nginx with the RTMP module for the local
# ingest server in tests, Xvfb and xcb libraries for GUI screenshots, sox for audio checks,
# Node.js and jsdom for the console userscript's tests (packaging/userscript), PortAudio for
# the window's sound (monitor, clip playback).
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "note: not a Debian system; install the equivalents of: $(DEB_PACKAGES)"; exit 0; fi; \
	missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian packages: $$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "missing Debian packages; run:"; \
		echo "  sudo apt-get install -y $$missing"; \
	fi

# A one-folder application in dist/studio (PyInstaller; see packaging/README.md).
package: install deps
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[package]'
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/studio.spec
	dist/studio/studio --version

# Every benchmark in benchmarks/, one table (docs/benchmarks.md has the latest).
bench: install deps
	$(PY) benchmarks/run_all.py

# Style (ruff) and the layering (lint-imports: the contracts in pyproject.toml).
lint: install
	$(VENV)/bin/ruff check studio tests benchmarks
	$(VENV)/bin/lint-imports

clean:
	rm -rf out .pytest_cache build dist
