# Thin shim over tasks.py (Invoke): `make X` is `invoke X` inside .venv,
# creating .venv and installing the pinned requirements on first use.

PYTHON ?= python3
VENV := .venv
INVOKE := $(VENV)/bin/invoke

# LANG is also the shell's locale variable: only a LANG given on the
# command line (make new LANG=th) is an article language.
ifeq ($(origin LANG),command line)
ARTICLE_LANG := $(LANG)
else
ARTICLE_LANG := vi
endif

.PHONY: build serve test new check eval bench audit publish lint translations clean

$(VENV)/.requirements: requirements.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: $(VENV)/.requirements requirements-dev.txt package.json
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	npm install --no-audit --no-fund --silent
	touch $@

build: $(VENV)/.requirements
	@$(INVOKE) build

serve: $(VENV)/.requirements
	@$(INVOKE) serve

check: $(VENV)/.requirements
	@$(INVOKE) check

new: $(VENV)/.requirements
	@$(INVOKE) new --title "$(TITLE)" --lang "$(ARTICLE_LANG)"

test: $(VENV)/.requirements-dev
	@$(INVOKE) test

# make publish TARGET=local|rsync|gh-pages|s3 DEST=… [REMOTE=…] [ENDPOINT=…] [DRY_RUN=1]
publish: $(VENV)/.requirements
	@$(INVOKE) publish --target "$(or $(TARGET),local)" $(if $(DEST),--dest "$(DEST)") \
		$(if $(REMOTE),--remote "$(REMOTE)") $(if $(ENDPOINT),--endpoint-url "$(ENDPOINT)") \
		$(if $(DRY_RUN),--dry-run)

# make bench N=1000 [PELICAN=1] [I18N=1]: build speed at newsroom scale
# (docs/performance.md); the anchors are built with Pelican in .bench-venv/.
bench: $(VENV)/.requirements
	@$(INVOKE) bench -n $(or $(N),1000) $(if $(PELICAN),--pelican) $(if $(I18N),--i18n)

# Page weight (≤ 30 KB) and Lighthouse mobile scores of the sample site.
audit: $(VENV)/.requirements-dev
	@$(INVOKE) audit

eval: $(VENV)/.requirements
	@$(INVOKE) eval

lint: $(VENV)/.requirements-dev
	@$(INVOKE) lint

translations: $(VENV)/.requirements
	@$(INVOKE) translations

clean:
	rm -rf output .output.staging .output.previous __pycache__ .pytest_cache
