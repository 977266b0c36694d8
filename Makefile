# Shop assistant: two virtual envs (Rasa server on Python 3.10, actions + recommender on 3.11),
# one Makefile. A new user needs two commands: `make run` and `make test`.

SHELL := /bin/bash
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
# pyenv's own interpreters first (its shims refuse a version that is not selected), then PATH.
PY310 ?= $(or $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10))),$(shell command -v python3.10))
PY311 ?= $(or $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python3.11))),$(shell command -v python3.11))

RASA_ENV := .venv-rasa
ACT_ENV := .venv-actions
RASA := $(RASA_ENV)/bin/rasa
APY := $(ACT_ENV)/bin/python
RPY := $(RASA_ENV)/bin/python

DEMO_STORE := var/store/demo-store.json
export SHOP_STORE_FILE ?= $(CURDIR)/$(DEMO_STORE)
export SHOP_INDEX_DIR ?= $(CURDIR)/var/index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
MODEL := models/shop.tar.gz
RASA_DATA := config.yml domain.yml $(wildcard data/*.yml)

.PHONY: run test install store index model evaluate bench-scale test-recommender test-store test-support test-actions test-bot test-rasa test-e2e bench audit clean help
.DEFAULT_GOAL := help

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: $(RASA_ENV)/.installed $(ACT_ENV)/.installed ## create both virtual envs

$(RASA_ENV)/.installed: requirements/rasa.txt
	@test -n "$(PY310)" || { echo "Python 3.10 not found (pyenv install 3.10)"; exit 1; }
	test -x $(RPY) || $(PY310) -m venv $(RASA_ENV)
	$(RPY) -m pip install --quiet --upgrade pip
	$(RPY) -m pip install --quiet -r requirements/rasa.txt
	touch $@

$(ACT_ENV)/.installed: requirements/actions.txt
	@test -n "$(PY311)" || { echo "Python 3.11 not found (pyenv install 3.11)"; exit 1; }
	test -x $(APY) || $(PY311) -m venv $(ACT_ENV)
	$(APY) -m pip install --quiet --upgrade pip
	$(APY) -m pip install --quiet -r requirements/actions.txt
	touch $@

$(DEMO_STORE): recommender/demo_store.py recommender/demo_catalog.py | $(ACT_ENV)/.installed
	$(APY) -m recommender generate-store --out $@

store: $(DEMO_STORE) ## generate the demo store (var/store/demo-store.json)

index: store ## load or (re)build the FAISS index of the served store
	$(APY) -m recommender build

$(MODEL): $(RASA_DATA) | $(RASA_ENV)/.installed
	$(RASA) train --fixed-model-name shop --out models

model: $(MODEL) ## train the Rasa model when its data changed

run: install index model ## serve: Rasa on :5005 (chat page at /chat/), actions on :5055
	bash scripts/serve.sh

test: install store model test-bot test-rasa ## the whole suite
	$(APY) -m pytest -q tests/recommender tests/store tests/support tests/actions tests/e2e

test-recommender: ## recommender library tests
	$(APY) -m pytest -q tests/recommender

test-actions: ## action tests on tracker fixtures
	$(APY) -m pytest -q tests/actions

test-bot: ## channel and chat-page tests (Rasa env)
	$(RPY) -m pytest -q tests/bot

test-rasa: ## data validation and test stories
	$(RASA) data validate --fail-on-warnings
	$(RASA) test core --stories tests/ --model $(MODEL) --fail-on-prediction-errors --out results/core

test-store: ## shop database tests, on SQLite and PostgreSQL
	$(APY) -m pytest -q tests/store

test-support: ## customer-service desk and understanding
	$(APY) -m pytest -q tests/support

test-e2e: ## both servers: conversations over REST, τ² scenarios on SQLite and PostgreSQL
	$(APY) -m pytest -q tests/e2e

audit: $(ACT_ENV)/.installed ## print the audit log of SHOP_DB_URL as JSON lines
	$(APY) -m store audit

bench: install index model ## benchmarks (JSON on stdout)
	$(APY) bench/run.py

SHARED := $(CURDIR)/../shared/data
WANDS := $(SHARED)/wands-dev

evaluate: $(ACT_ENV)/.installed ## recommender quality on real data: WANDS search, Groceries rules, Online Retail CF
	$(APY) -m recommender evaluate --queries $(WANDS)/queries.tsv --labels $(WANDS)/labels.tsv \
		--products $(WANDS)/products.tsv --out results/wands-dev
	$(APY) -m recommender rules --baskets $(SHARED)/groceries/groceries.csv --min-support 0.01 \
		--min-confidence 0.3 --out results/rules/groceries.csv
	$(APY) -m recommender cf-evaluate --baskets $(SHARED)/online-retail/baskets.tsv --out results/cf/online-retail.json

bench-scale: $(ACT_ENV)/.installed ## FAISS flat vs HNSW vs IVF-PQ on 1M x 384 synthetic vectors (slow; JSON)
	nice -n 10 $(APY) -m recommender scale-bench --count 1000000 --dimension 384 --out bench/out/scale-1m.json

clean: ## remove generated data, models and envs
	rm -rf var models results $(RASA_ENV) $(ACT_ENV)
