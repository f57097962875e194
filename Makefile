# make build: set up .venv if needed and rebuild data/processed, figures and a report from data/raw
# make test:  same set-up, then the whole test suite (unit tests, notebooks via nbval, browser check)
# make train: retrain the learned topic model from every gold file on the machine (fixed seeds), with its
#             cross-validation, into protocol_analytics/data/topic_model.v1.{npz,json}
# make mutation: mutmut over nlp/, tag.py, topics.py and the segmenter ([tool.mutmut] in pyproject.toml), each
#             mutant against the fast tests that reach its function; MUTANTS='protocol_analytics.tag*' for
#             some only; results stay in mutants/ (a second run goes on where the first stopped)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PA := $(VENV)/bin/protocol-analytics
STAMP := $(VENV)/.installed

.PHONY: build test lab bench clean setup browser golden train mutation

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: $(STAMP)
	$(PA) build data/raw --out data/processed --figures reports/figures
	$(PA) report "Seaton Town Council" --out reports

# unit tests, doctests of the package, and every notebook (nbval) in one run
test: $(STAMP)
	$(PY) -m pytest tests notebooks protocol_analytics --doctest-modules --ignore=protocol_analytics/__main__.py \
		--ignore=protocol_analytics/data \
		--nbval-lax --current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

train: $(STAMP)
	$(PY) -m pip install --quiet -e '.[train]'
	$(PY) -m protocol_analytics.topic_training --out protocol_analytics/data $(TRAIN_ARGS)

# the bundled corpus's tags as tests/data/expected_tags.csv: only on purpose, then review the diff
golden: $(STAMP)
	$(PY) tests/golden.py

JOBS ?= $(shell $(PYTHON) -c "import os; print(len(os.sched_getaffinity(0)))")
mutation: $(STAMP)
	$(PY) -m pip install --quiet -e '.[mutation]'
	$(VENV)/bin/mutmut run --max-children $(JOBS) $(MUTANTS)
	$(VENV)/bin/mutmut results

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/run_benchmark.py

clean:
	rm -rf data/processed/* reports/*
	touch data/processed/.gitkeep reports/.gitkeep
