# CoCreate — `make run` to try it, `make test` to check it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app cocreate
INSTALLED := $(VENV)/.installed
CATALOGS := $(VENV)/.catalogs
PO_FILES := $(shell find cocreate handbook -name '*.po' 2>/dev/null)
HOST ?= 127.0.0.1
PORT ?= 5000
# The address phones open (links, QR codes, handouts): set it to this machine's address when HOST=0.0.0.0.
PUBLIC_URL ?= http://127.0.0.1:$(PORT)

# `make serve`: server processes, and threads in each.
WORKERS ?= 4
THREADS ?= 4
SERVE_INSTALLED := $(VENV)/.serve-installed
# `make test`: test processes, one per core (pytest-xdist); `-n0` runs the suite in one.
PYTEST_WORKERS ?= -n auto --dist worksteal

.PHONY: install system-packages run serve test test-postgres security db seed handbook translations bench clean

install: $(INSTALLED) $(CATALOGS)

# The virtual environment and the project with its test tools; redone when pyproject.toml changes.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Compiled message catalogs (.mo), rebuilt when a .po file changes.
$(CATALOGS): $(INSTALLED) $(PO_FILES)
	$(FLASK) translations compile
	touch $@

db: install
	$(FLASK) db upgrade

seed: db
	$(FLASK) seed-demo

# Serves on http://$(HOST):$(PORT) over plain HTTP, so the session cookie is not marked Secure here.
# Phones in the room: make run HOST=0.0.0.0 PUBLIC_URL=http://<this machine's address>:$(PORT) (README).
run: db
	$(FLASK) seed-demo --if-empty
	@echo "Participants' links and QR codes point at $(PUBLIC_URL)"
	SESSION_COOKIE_SECURE=0 PUBLIC_URL='$(PUBLIC_URL)' $(FLASK) run --host $(HOST) --port $(PORT)

# Serves the app as a pilot site's server does (README, "Deployment"): gunicorn with $(WORKERS) processes of
# $(THREADS) threads, the app built once before they start (--preload: they share its code), on $(HOST):$(PORT)
# behind a reverse proxy that holds TLS. DATABASE_URL, SECRET_KEY, PUBLIC_URL, PROXY_HOPS and the rest come
# from the environment, as they are (cocreate/config.py); the database is migrated first.
serve: db $(SERVE_INSTALLED)
	$(BIN)/gunicorn --preload --workers $(WORKERS) --threads $(THREADS) --bind $(HOST):$(PORT) \
		--access-logfile - --no-control-socket 'cocreate:create_app()'

$(SERVE_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[serve]'
	touch $@

test: install system-packages
	$(BIN)/python -m pytest $(PYTEST_WORKERS)

# The same suite (but the browser tests) against a throwaway PostgreSQL server.
test-postgres: install
	tests/with-postgres.sh $(BIN)/python -m pytest $(PYTEST_WORKERS) -m "not browser"

# A static security scan (high severity fails) and the installed packages against PyPI's advisories.
security: install
	$(BIN)/bandit --quiet --recursive cocreate immerse_core handbook --severity-level high
	$(BIN)/python .ci/audit-dependencies

# Debian's Chromium for the browser tests, and LibreOffice (Writer, without a display) for the test that opens the
# handbook outside python-docx: installed when missing and running as root on Debian.
# (Never a browser download: Playwright drives this one.)
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "Missing:$$missing (not root): install these Debian packages, or the tests that need them are skipped."; \
	fi

# The demo project's handbook and policy brief, as handbook-miict.docx and handbook-miict-brief.docx
# (HANDBOOK_LANG=ar, es, it, el or fr for another language).
HANDBOOK_LANG ?= en
handbook: seed
	$(FLASK) handbook build --project miict --lang $(HANDBOOK_LANG) --out handbook-miict.docx
	$(FLASK) handbook build --project miict --lang $(HANDBOOK_LANG) --out handbook-miict-brief.docx --brief

# Benchmarks (not part of `make test`): every bench/*.py with a main(), figures written to bench/README.md.
bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run_all.py

# Re-extract every message from code and templates into the catalogs (then translate the new entries).
translations: $(INSTALLED)
	$(FLASK) translations update

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
