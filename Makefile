# publish: one interview in, a PDF booklet, an EPUB and a PowerPoint deck out.
#
#   make all       build PDF, EPUB and PPTX of $(SOURCE) into output/
#   make pdf | epub | pptx | slides | print
#   make test      run the test suite (real validators included)
#   make bench     benchmarks beside pandoc
#   make check     check the source and report problems
#   make clean     remove build products
#
# Variables: SOURCE=path/to/interview.md  THEME=classic|modern  VARIANT=zh-Hant
#            OPTIONS="paper=letter creep=0.15" (backend settings, e.g. for print)
# First use bootstraps everything: .venv with the package, and the system packages
# (through apt, with sudo when not root) when they are missing.

SHELL := /bin/bash
.DEFAULT_GOAL := all

SOURCE  ?= seeds/deepseek-liang-wenfeng-interview.md
THEME   ?=
VARIANT ?=
OPTIONS ?=
OUT     ?= output
PYTHON  ?= python3

VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-ok
PUBLISH  := $(BIN)/publish

STEM    := $(basename $(notdir $(SOURCE)))
SUFFIX  := $(if $(VARIANT),.$(VARIANT),)
PDF     := $(OUT)/$(STEM)$(SUFFIX).pdf
EPUB    := $(OUT)/$(STEM)$(SUFFIX).epub
PPTX    := $(OUT)/$(STEM)$(SUFFIX).pptx
PRINT   := $(OUT)/$(STEM)$(SUFFIX).print.pdf

CODE    := $(shell find src -name '*.py' -o -name '*.typed')
THEMES  := $(shell find themes -type f)
BUILD   := $(PUBLISH) build $(SOURCE) --output-dir $(OUT) $(if $(THEME),--theme $(THEME)) \
           $(if $(VARIANT),--variant $(VARIANT))

# Debian packages the pipeline and its tests need, each with the file that proves it.
APT_PACKAGES := fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
                libharfbuzz-subset0 poppler-utils default-jre-headless \
                libreoffice-impress pandoc

.PHONY: all pdf epub pptx slides print test bench fuzz check clean distclean bootstrap system

all: $(PDF) $(EPUB) $(PPTX)
pdf: $(PDF)
epub: $(EPUB)
pptx slides: $(PPTX)
print: $(PDF) $(PRINT)

$(PDF): $(SOURCE) $(THEMES) $(CODE) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format pdf
$(EPUB): $(SOURCE) $(THEMES) $(CODE) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format epub
$(PPTX): $(SOURCE) $(THEMES) $(CODE) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format pptx
$(PRINT): $(SOURCE) $(THEMES) $(CODE) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format print $(foreach o,$(OPTIONS),--option $(o))

check: | $(STAMP)
	$(PUBLISH) check $(SOURCE)

# pytest exits 5 when it collected no test: an error for the full suite, fine for a
# filtered run (make test PYTEST_ARGS="-k epub").
test: | $(STAMP) $(SYSSTAMP)
	@$(BIN)/python -m pytest -q $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; \
	  if [ -n "$(PYTEST_ARGS)" ]; then exit 0; else exit 1; fi; fi; exit $$rc

fuzz: | $(STAMP)
	FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: | $(STAMP) $(SYSSTAMP)
	$(BIN)/python bench/run.py

bootstrap: $(STAMP) $(SYSSTAMP)

# The virtual environment with the package (editable) and the test dependencies.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); bash .ci/system-deps python3-venv && $(PYTHON) -m venv $(VENV); } || { \
	  echo "make: cannot create $(VENV); install Python's venv module (Debian: python3-venv)" >&2; \
	  exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# System packages: checked once per venv; installed through apt only when missing.
$(SYSSTAMP): Makefile
	@bash .ci/system-deps $(APT_PACKAGES)
	@mkdir -p $(VENV) && touch $@

system:
	@bash .ci/system-deps $(APT_PACKAGES)

clean:
	rm -rf $(OUT)/* .pytest_cache .hypothesis .cache bench/results
	@touch $(OUT)/.gitkeep

distclean: clean
	rm -rf $(VENV)
