# libcommunity: `make help` lists the targets. CI (.ci/run) calls the same targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= data/store
SAMPLE ?= data/sample
OUT    ?= reports
SEED   ?= 42
WORKERS ?= 2
# Month of `make report`: the latest complete month of the demo data unless given (make report MONTH=2026-09).
MONTH  ?=
PYTEST_ARGS ?=
# `make bench` runs the scale harness (bench/bench_scale.py); BENCH=metrics|segments|... runs another benchmark,
# BENCH_ARGS passes options (make bench BENCH_ARGS="--sizes 1M --repeat 1"; python -m bench scale --help).
BENCH  ?= scale
BENCH_ARGS ?=

.PHONY: help install demo report nbval-refresh test test-fast bench fuzz constraints clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed; got " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv (if missing) and install libcommunity with its dependencies

$(STORE)/_manifest.json: | $(STAMP)
	$(BIN)/libcommunity demo --store $(STORE) --sample $(SAMPLE) --seed $(SEED)

demo: $(STORE)/_manifest.json ## Build the demo data (data/sample, data/store) if missing

# A report's processes (the command, each notebook kernel, batch workers) import about a hundred of libcommunity's
# modules; where the environment sets PYTHONDONTWRITEBYTECODE each would compile them from source on every run (about
# 0.2 s of CPU per process), so, as for the tests, the report and the benchmarks cache bytecode (__pycache__/).
report: install demo ## Build the monthly HTML reports of the latest complete demo month into reports/
	PYTHONDONTWRITEBYTECODE= $(BIN)/libcommunity report --month $${MONTH:-$$($(BIN)/libcommunity demo --latest-month)} --store $(STORE) --out $(OUT) --workers $(WORKERS)
	@echo "Reports: $(OUT)/ (open $(OUT)/index.html)"

nbval-refresh: install ## Re-run the monthly report on the test fixture and store it as the nbval reference (review its diff)
	LIBCOMMUNITY_KEY=libcommunity-test-key $(BIN)/python tests/notebooks/refresh.py

# The suite starts about 150 Python processes (command lines, notebook kernels, pytest workers that each rewrite
# every test module's asserts); with PYTHONDONTWRITEBYTECODE set in the environment each would compile its modules
# from source again, so the test run caches bytecode (__pycache__/, ignored by git) whatever the environment says.
test: install ## Run the whole test suite (pytest + nbval) in one worker per core; PYTEST_ARGS="-n 0" runs it serially
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install ## Time ingest, metrics, features, segmentation and a report at 1M/10M/50M interactions (docs/performance.md)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m bench $(BENCH) $(BENCH_ARGS)

fuzz: install ## Fuzz every loader for longer than the test suite does
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1000} $(BIN)/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider --dist load $(PYTEST_ARGS)

constraints: install ## Refresh constraints.txt from the installed environment
	@{ echo '# Versions the project is tested with (pip install -c constraints.txt -e ".[test]").'; \
	   echo '# pyproject.toml holds the supported ranges; refresh this file with `make constraints`.'; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v '^libcommunity'; } > constraints.txt

clean: ## Remove generated data and reports (keeps .venv)
	rm -rf $(STORE)/* $(SAMPLE)/* $(OUT)/* 
	@touch $(STORE)/.gitkeep $(SAMPLE)/.gitkeep $(OUT)/.gitkeep
