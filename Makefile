# publish: one interview in, a PDF booklet, an EPUB and a PowerPoint deck out.
#
#   make all       build PDF, EPUB and PPTX of $(SOURCE) into output/
#   make pdf | epub | pptx | slides | print | html
#   make handout   the discussion handout (A4), output/<name>.handout.pdf
#   make preview   serve the web edition and the outputs, rebuilt on every save (PORT=8000)
#   make test      run the test suite (real validators included; installs DAISY Ace and
#                  axe-core, project-local)
#   make bench     benchmarks beside pandoc
#   make fuzz      a long fuzzing run (10,000 generated sources)
#   make check     check the source and report problems (in THEME, as make all builds)
#   make clean     remove build products
#
# Variables: SOURCE=path/to/interview.md (or a collection, path/to/series.yaml)
#            THEME=classic|modern  VARIANT=zh-Hant|zh-Hant-TW|zh-Hant-HK
#            OPTIONS="paper=letter creep=0.15" (backend settings, e.g. for print)
#            FORCE=1 (replace outputs publish did not write, e.g. from an older version)
# First use bootstraps everything: .venv with the package, and the system packages
# (through apt, with sudo when not root) when they are missing.

SHELL := /bin/bash
.DEFAULT_GOAL := all

SOURCE  ?= seeds/deepseek-liang-wenfeng-interview.md
THEME   ?=
VARIANT ?=
OPTIONS ?=
FORCE   ?=
OUT     ?= output
PYTHON  ?= python3

VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-ok
PUBLISH  := $(BIN)/publish

# A SOURCE that is not there is said so, not left to make's "No rule to make target".
SOURCE_GOALS := all pdf epub pptx slides print handout html preview check
ifneq ($(filter $(SOURCE_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(SOURCE)),)
$(error SOURCE=$(SOURCE): no such file (give an interview source .md or a collection .yaml))
endif
endif

STEM    := $(basename $(notdir $(SOURCE)))
SUFFIX  := $(if $(VARIANT),.$(VARIANT),)
PDF     := $(OUT)/$(STEM)$(SUFFIX).pdf
EPUB    := $(OUT)/$(STEM)$(SUFFIX).epub
PPTX    := $(OUT)/$(STEM)$(SUFFIX).pptx
PRINT   := $(OUT)/$(STEM)$(SUFFIX).print.pdf

# A collection (SOURCE=seeds/series.yaml) is built from its members too: each entry of
# its `interviews:` list (a "- path" line, relative to the file) is a prerequisite, so
# editing a member rebuilds the anthology.  Its handouts are one per interview, named
# after each member.
COLLECTION := $(filter .yaml .yml,$(suffix $(SOURCE)))
MEMBERS := $(if $(COLLECTION),$(wildcard $(addprefix $(dir $(SOURCE)),$(shell \
             sed -n 's/^[[:space:]]*-[[:space:]]*//p' $(SOURCE) 2>/dev/null | tr -d "\"'"))))
INPUTS  := $(SOURCE) $(MEMBERS)
HANDOUT := $(if $(COLLECTION),$(foreach m,$(MEMBERS),$(OUT)/$(basename $(notdir $(m))).handout.pdf),\
             $(OUT)/$(STEM)$(SUFFIX).handout.pdf)

CODE    := $(shell find src -name '*.py' -o -name '*.typed')
# Every theme file a build may read: the shipped and project themes, and those in the
# folders of $PUBLISH_THEMES (`:`-separated), so editing any of them rebuilds.
THEMES  := $(shell find themes $(subst :, ,$(PUBLISH_THEMES)) -type f 2>/dev/null)
BUILD   := $(PUBLISH) build $(SOURCE) --output-dir $(OUT) $(if $(THEME),--theme $(THEME)) \
           $(if $(VARIANT),--variant $(VARIANT)) $(if $(FORCE),--force)

# THEME= and OPTIONS= change an output without changing any file, so each is remembered
# in a stamp beside the outputs that is rewritten only when its value changes:
# `make all THEME=modern` after `make all` rebuilds, a second one does nothing.
THEME_STAMP   := $(OUT)/.$(STEM)$(SUFFIX).theme
OPTIONS_STAMP := $(OUT)/.$(STEM)$(SUFFIX).print-options
remember = @mkdir -p $(OUT) && if [ ! -f $@ ] || [ "$$(cat $@)" != '$(strip $($(1)))' ]; \
           then printf '%s\n' '$(strip $($(1)))' > $@; fi

# Debian packages the pipeline and its tests need (.ci/system-deps installs the missing).
APT_PACKAGES := fontconfig fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 \
                libharfbuzz-subset0 poppler-utils default-jre-headless \
                libreoffice-impress pandoc chromium
# Node and npm (DAISY Ace, axe-core): Debian's `nodejs npm` only where no npm is
# installed; a nodesource `nodejs` bundles its own npm, and Debian's npm package
# conflicts with it.
APT_PACKAGES += $(if $(shell command -v npm),,nodejs npm)

# DAISY Ace (accessibility checks of the EPUBs), pinned by tools/ace/package-lock.json,
# installed into tools/ace/node_modules for the tests only.  It runs in Debian's
# chromium: no browser (Puppeteer's Chrome, Electron) is downloaded.
ACE_DIR   := tools/ace
ACE_STAMP := $(ACE_DIR)/node_modules/.installed

# axe-core, pinned in tools/axe/package-lock.json, installed project-local by npm ci.
AXE := tools/axe/node_modules/axe-core/axe.min.js

.PHONY: all pdf epub pptx slides print handout html preview test bench fuzz check clean \
        distclean bootstrap system ALWAYS

# `make all` builds whatever is out of date in one `publish build`, which renders the EPUB
# and the deck in a forked child while it renders the PDF: all three in the PDF's time.
# Reached through `all` (DEFER), an output's rule only notes its format in PENDING; the
# recipe of `all` then builds the noted formats, PDF first.  `make pdf` builds at once.
PENDING := $(OUT)/.$(STEM)$(SUFFIX).pending
build_or_defer = $(if $(DEFER),@mkdir -p $(OUT) && echo $(1) >> $(PENDING),$(BUILD) --format $(1))

all: DEFER := 1
all: $(PDF) $(EPUB) $(PPTX)
	@if [ -s $(PENDING) ]; then \
	  formats=$$(for f in pdf epub pptx; do grep -qxF $$f $(PENDING) && echo $$f; done | \
	    paste -sd, -); \
	  rm -f $(PENDING); echo "$(BUILD) --format $$formats"; $(BUILD) --format $$formats; fi
pdf: $(PDF)
epub: $(EPUB)
pptx slides: $(PPTX)
print: $(PDF) $(PRINT)
handout: $(HANDOUT)

$(PDF): $(INPUTS) $(THEMES) $(CODE) $(THEME_STAMP) | $(STAMP) $(SYSSTAMP)
	$(call build_or_defer,pdf)
$(EPUB): $(INPUTS) $(THEMES) $(CODE) $(THEME_STAMP) | $(STAMP) $(SYSSTAMP)
	$(call build_or_defer,epub)
$(PPTX): $(INPUTS) $(THEMES) $(CODE) $(THEME_STAMP) | $(STAMP) $(SYSSTAMP)
	$(call build_or_defer,pptx)
$(PRINT): $(INPUTS) $(THEMES) $(CODE) $(THEME_STAMP) $(OPTIONS_STAMP) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format print $(foreach o,$(OPTIONS),--option $(o))

$(HANDOUT) &: $(INPUTS) $(THEMES) $(CODE) $(THEME_STAMP) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format handout

$(THEME_STAMP): ALWAYS
	$(call remember,THEME)
$(OPTIONS_STAMP): ALWAYS
	$(call remember,OPTIONS)
ALWAYS:

# The web edition (not part of `all`), and the live preview: the web edition at
# http://127.0.0.1:$(PORT)/ and the outputs beside it, rebuilt on every save.
HTML := $(OUT)/$(STEM)$(SUFFIX).html
PORT ?= 8000
html: $(HTML)
$(HTML): $(SOURCE) $(THEMES) $(CODE) $(THEME_STAMP) | $(STAMP) $(SYSSTAMP)
	$(BUILD) --format html
# THEME, VARIANT, OPTIONS and FORCE=1 as for the builds.
preview: | $(STAMP) $(SYSSTAMP)
	$(PUBLISH) preview $(SOURCE) --port $(PORT) $(if $(THEME),--theme $(THEME)) \
	  $(if $(VARIANT),--variant $(VARIANT)) $(foreach o,$(OPTIONS),--option $(o)) \
	  $(if $(FORCE),--force) --output-dir $(OUT)/preview

check: | $(STAMP)
	$(PUBLISH) check $(SOURCE) $(if $(THEME),--theme $(THEME))

# pytest exits 5 when it collected no test: an error for the full suite, fine for a
# filtered run (make test PYTEST_ARGS="-k epub").
test: | $(STAMP) $(SYSSTAMP) $(ACE_STAMP) $(AXE)
	@$(BIN)/python -m pytest -q $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; \
	  $(if $(strip $(PYTEST_ARGS)),exit 0,exit 1); fi; exit $$rc

# The fuzz tests render the booklet's HTML (and check its fast parse, htmltree) and measure
# the deck: fonts and Pango needed.
fuzz: | $(STAMP) $(SYSSTAMP)
	FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py \
	  tests/test_htmltree.py

bench: | $(STAMP) $(SYSSTAMP)
	$(BIN)/python bench/run.py

bootstrap: $(STAMP) $(SYSSTAMP) $(AXE)

$(AXE): tools/axe/package.json tools/axe/package-lock.json | $(SYSSTAMP)
	cd tools/axe && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The virtual environment with the package (editable) and the test dependencies.
# Debian and Ubuntu ship Python without its venv module (python3.X-venv): a failed venv
# is removed and created again once that package is installed.  A venv without pip (left
# by an earlier failed attempt) is recreated too.
VENV_PACKAGE = python3.$$($(PYTHON) -c 'import sys; print(sys.version_info[1])')-venv
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: publish needs Python 3.11 or newer; '$(PYTHON)' is" \
	    "$$($(PYTHON) --version 2>&1). Run make PYTHON=python3.12 (or another)." >&2; \
	  exit 1; }
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || \
	  { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) >/dev/null 2>&1; } || \
	  { rm -rf $(VENV); bash .ci/system-deps $(VENV_PACKAGE) && $(PYTHON) -m venv $(VENV); } || \
	  { echo "make: cannot create $(VENV); install Python's venv module" \
	    "(Debian/Ubuntu: $(VENV_PACKAGE))" >&2; rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# System packages: checked once per venv; installed through apt only when missing.
# After the venv, never beside it: two apt-get runs at once (make -j) would fight over
# dpkg's lock.
$(SYSSTAMP): Makefile | $(STAMP)
	@bash .ci/system-deps $(APT_PACKAGES)
	@touch $@

$(ACE_STAMP): $(ACE_DIR)/package.json $(ACE_DIR)/package-lock.json | $(SYSSTAMP)
	cd $(ACE_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
	  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

system:
	@bash .ci/system-deps $(APT_PACKAGES)

clean:
	@test -n "$(strip $(OUT))" || { echo "make clean: OUT is empty" >&2; exit 1; }
	rm -rf $(OUT)/* $(OUT)/.*.theme $(OUT)/.*.print-options $(OUT)/.*.pending \
	  $(OUT)/.publish-written .pytest_cache .hypothesis \
	  .cache bench/results

distclean: clean
	rm -rf $(VENV) $(ACE_DIR)/node_modules tools/axe/node_modules
