# One entry point for people and CI. Every target sets up .venv first, so each
# works on a fresh clone with nothing but python3 installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup crawl demo test lint bench clean system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

## crawl: the main job: crawl every portal in the registry, archive, index
crawl: $(STAMP)
	$(BIN)/thidua crawl

## demo: crawl -> search against the bundled portal farm, no network needed
demo: $(STAMP)
	$(BIN)/python -m tests.farm.demo

## test: system packages, lint and the whole test suite (what .ci/run runs)
test: $(STAMP) system-packages
	$(BIN)/ruff check .
	$(BIN)/pytest

## system-packages: as root, what the browser and spreadsheet tests need (Chromium, LibreOffice)
system-packages:
	.ci/system-packages

## bench: every benchmark, each figure beside its baseline (not part of `make test`)
bench: $(STAMP)
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
