# Front door of llm-cost-report. `make report LANG=de` builds one language, `make test` tests.
# LANG is read only from the make command line: the shell's own LANG (e.g. C.UTF-8) is ignored.
LANGUAGES := en es de
ifeq ($(origin LANG),command line)
REPORT_LANG := $(value LANG)
else
REPORT_LANG := en
endif
unexport LANG

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := report
.PHONY: report reports lab test check-lang clean venv bench batch history refresh

# Validates LANG before anything runs (make prints it; no shell sees it).
check-lang:
	$(if $(and $(filter 1,$(words $(REPORT_LANG))),$(filter $(LANGUAGES),$(REPORT_LANG))),,$(error unsupported LANG '$(REPORT_LANG)'; supported languages: $(LANGUAGES)))
	@true

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $(STAMP)

venv: $(STAMP)

report: check-lang $(STAMP)
	$(PY) -m analysis build --lang $(REPORT_LANG)

reports: $(STAMP)
	$(PY) -m analysis build --lang $(LANGUAGES)

# JupyterLab on the project folder (notebooks/ and reports/ both reachable); --allow-root only as root
lab: $(STAMP)
	$(PY) -m analysis lab

# newest catalogue releases from PyPI -> data/catalogues.lock.yaml, data/prices.csv, data/CHANGES.md
# (ACCEPT_REMOVED=1 keeps rows whose catalogue key vanished; wheels are cached in build/.wheels/)
refresh: $(STAMP)
	$(PY) -m analysis refresh$(if $(value ACCEPT_REMOVED), --accept-removed)

# unit tests; nbval re-runs the published reports and compares every output; explore.ipynb is
# stored without outputs, so nbval checks that every cell of it still runs.
test: $(STAMP)
	$(PY) -m pytest tests --nbval --nbval-current-env reports notebooks/explore.ipynb

# many variants (README, "Many variants at once"): make batch VARIANTS=bench/variants-24.yaml [WORKERS=2]
# (both values are passed to the command as single-quoted words, never expanded by make or the shell)
VARIANTS ?= bench/variants-24.yaml
quote = '$(subst ','\'',$(value $(1)))'
batch: $(STAMP)
	$(PY) -m analysis batch $(call quote,VARIANTS)$(if $(value WORKERS), --workers $(call quote,WORKERS))

# the speed benchmark of issue 11 (about 15-30 min on 2 cores): writes bench/RESULTS.md
bench: $(STAMP)
	$(PY) bench/run.py

# the price history (downloads each monthly litellm wheel once into build/.wheels/): data/price_history.csv
history: $(STAMP)
	$(PY) -m analysis history

clean:
	rm -rf reports/.build-* reports/.failed reports/.old-* reports/.lock-* build/ .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
