# make build: set up .venv with the core package if needed, then rebuild data/processed, figures and a report
#             from data/raw
# make test:  set up .venv with the dev extra (tests, notebooks, dask), then the whole test suite (unit tests,
#             doctests, notebooks via nbval on notebooks/sample, Dask and browser checks)
# make test-fast: the tests that do not load the spaCy model (a test that loads it unmarked fails, naming the marker)
# make lint:  ruff and vulture over the package, tests and benchmarks
# make lab:   JupyterLab on notebooks/ (the notebooks extra)
# make sample: rebuild notebooks/sample/data/processed, the tables the notebooks are tested on, from data/raw
# make train: retrain the learned subject, escalation, role and topic models from every gold file on the machine but the
#             held-out sets (HOLD_OUT; fixed seeds), with their cross-validation, into
#             protocol_analytics/data/{subject,escalation,role,topic}_model.v1.{npz,json}
# make mutation: mutmut over nlp/, tag.py, topics.py and the segmenter ([tool.mutmut] in pyproject.toml), each
#             mutant against the fast tests that reach its function; MUTANTS='protocol_analytics.tag*' for
#             some only; results stay in mutants/ (a second run goes on where the first stopped)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PA := $(VENV)/bin/protocol-analytics

.PHONY: build test test-fast lint lab bench clean setup browser golden train sample mutation

# one stamp per set of extras installed; pyproject.toml changing installs again
$(VENV)/.installed-%: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.$(if $(filter core,$*),,[$*])'
	touch $@
.PRECIOUS: $(VENV)/.installed-%

setup: $(VENV)/.installed-dev

build: $(VENV)/.installed-core
	$(PA) build data/raw --out data/processed --figures reports/figures
	$(PA) report "Seaton Town Council" --out reports

# unit tests, doctests of the package, and every notebook (nbval) in one run
test: $(VENV)/.installed-dev
	$(PY) -m pytest tests notebooks protocol_analytics --doctest-modules --ignore=protocol_analytics/__main__.py \
		--ignore=protocol_analytics/data \
		--nbval-lax --current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest tests protocol_analytics --doctest-modules --ignore=protocol_analytics/__main__.py \
		--ignore=protocol_analytics/data -m "not slow"

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check protocol_analytics tests benchmarks notebooks scripts conftest.py
	$(VENV)/bin/vulture

# the real batches whose first run was recorded before any rule was written for them: the real side of the
# escalation model's objective (sets not on this machine are ignored)
RULES_UNSEEN ?= real-new/gold-batch4 real-new/gold-batch5 real-new/gold-batch6 real-new/gold-batch7 real-new/gold-batch8 real-new/gold-batch9 real-new/gold-batch10 real-new/gold-batch11
# the real batches kept out of training, to score the shipped models on pages no model has seen (sealed sets and
# the batches of recorded first runs; sets not on this machine are ignored)
HOLD_OUT ?= gold-batch93 gold-batch94
train: $(VENV)/.installed-train
	$(PY) -m protocol_analytics.subject_training --out protocol_analytics/data --hold-out $(HOLD_OUT)
	$(PY) -m protocol_analytics.escalation_training --out protocol_analytics/data --rules-unseen $(RULES_UNSEEN) \
		--hold-out $(HOLD_OUT)
	$(PY) -m protocol_analytics.role_training --out protocol_analytics/data --rules-unseen $(RULES_UNSEEN) \
		--hold-out $(HOLD_OUT)
	$(PY) -m protocol_analytics.topic_training --out protocol_analytics/data --hold-out $(HOLD_OUT) $(TRAIN_ARGS)

# the bundled corpus's tags as tests/data/expected_tags.csv: only on purpose, then review the diff
golden: $(VENV)/.installed-core
	$(PY) tests/golden.py

sample: $(VENV)/.installed-core
	$(PY) notebooks/make_sample.py

# mutation testing (mutmut, settings in pyproject.toml [tool.mutmut]); MUTANTS='protocol_analytics.tag*' runs some
JOBS ?= $(shell $(PYTHON) -c "import os; print(len(os.sched_getaffinity(0)))")
mutation: $(VENV)/.installed-mutation
	$(VENV)/bin/mutmut run --max-children $(JOBS) $(MUTANTS)
	$(VENV)/bin/mutmut results

lab: $(VENV)/.installed-notebooks
	$(VENV)/bin/jupyter lab notebooks/

bench: $(VENV)/.installed-dask
	$(PY) benchmarks/run_benchmark.py

clean:
	rm -rf data/processed/* reports/*
	touch data/processed/.gitkeep reports/.gitkeep
