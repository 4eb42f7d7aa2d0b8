# make generate: set up .venv when missing and regenerate generated/tlsspec from spec/.
# make test:     the same set-up, then every check that CI runs.
# make bench:    the benchmarks under bench/, side by side with tlslite-ng and scapy.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: generate test check lint typecheck pytest redis-server bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.generator-deps: pyproject.toml constraints.txt | $(PY)
	$(PIP) "jinja2==3.1.6" "pyyaml==6.0.4"
	touch $@

$(VENV)/.test-deps: pyproject.toml constraints.txt $(VENV)/.generator-deps
	$(PIP) -e ".[generator,test]"
	touch $@

$(VENV)/.bench-deps: pyproject.toml constraints.txt $(VENV)/.test-deps
	$(PIP) -e ".[bench]"
	touch $@

generate: $(VENV)/.generator-deps
	$(PY) -m generator

check: $(VENV)/.test-deps
	$(PY) -m generator --check

lint: $(VENV)/.test-deps
	$(PY) -m ruff check generator generated tests bench
	$(PY) -m ruff format --check generator tests bench

typecheck: $(VENV)/.test-deps
	$(PY) -m mypy --strict generator generated/tlsspec tests bench

# The Redis session cache tests start their own redis-server on 127.0.0.1 and a free port;
# this installs Debian's package when it is missing and starts no system service itself.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

redis-server:
	command -v redis-server >/dev/null || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server; }

pytest: $(VENV)/.test-deps redis-server
	$(PY) -m pytest

test: check lint typecheck pytest

bench: $(VENV)/.bench-deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
