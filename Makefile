# banmian - digital editions of Chinese newspapers.
#
#   make            build build/banmian (release)
#   make deps       install the Debian packages the build and tests need
#   make fonts      check that every font named in fonts/fonts.conf is there
#   make demo       deps + build + the example edition's PDF and EPUB in out/
#   make check      deps + ASan/UBSan build + every test
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench | fuzz | memcheck | format
#
# A plain GNU Makefile: one wildcard per src/ folder, objects in $(O)/,
# dependencies through -MMD -MP, libraries through pkg-config (libharu has no
# .pc file: -lhpdf).

PREFIX  ?= /usr/local
DESTDIR ?=
O       ?= build
SAN     ?= 0
PYTHON  ?= /usr/bin/python3

MODULES := base model text font ingest layout pdf alto raster epub build cli
PKGS    := libzip libxml-2.0 freetype2 harfbuzz harfbuzz-subset icu-uc icu-i18n libpng \
           cairo cairo-ft libjpeg zlib

# Debian packages: build, fonts, and the tools the tests run.
DEB_BUILD := build-essential pkg-config libhpdf-dev libzip-dev libxml2-dev \
             libfreetype-dev libharfbuzz-dev libicu-dev libcmocka-dev \
             libpng-dev libcairo2-dev libjpeg62-turbo-dev zlib1g-dev
DEB_FONTS := fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-ukai fonts-arphic-uming \
             fonts-wqy-zenhei fonts-babelstone-han
DEB_TEST  := python3 libxml2-utils qpdf poppler-utils mupdf-tools valgrind \
             epubcheck default-jre-headless locales zip unzip chromium nodejs \
             python3-pikepdf python3-fonttools python3-icu time parallel
DEB_ALL   := $(DEB_BUILD) $(DEB_FONTS) $(DEB_TEST)

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lhpdf -lm

ifeq ($(SAN),1)
OPT      ?= -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
else
OPT      ?= -O2 -g
SANFLAGS :=
endif

CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc
CFLAGS   += -std=c11 -Wall -Wextra -Werror $(OPT) $(SANFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)

LIB_SRC := $(foreach m,$(filter-out cli,$(MODULES)),$(wildcard src/$(m)/*.c))
CLI_SRC := $(wildcard src/cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(O)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
# Each libFuzzer harness is also linked with a plain driver, so that
# `make check` replays its seeds under ASan/UBSan (tests/e2e/fuzz_replay.sh).
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(O)/tests/replay_%)

.PHONY: all units deps fonts demo check install uninstall bench fuzz memcheck \
        format clean
.DEFAULT_GOAL := all

all: $(O)/banmian

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(O)/libbanmian.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/banmian: $(CLI_OBJ) $(O)/libbanmian.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(O)/libbanmian.a $(PKG_LIBS)

$(O)/tests/%: tests/unit/%.c $(O)/libbanmian.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(O)/libbanmian.a \
	    $(LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

$(O)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/common.c \
                    tests/fuzz/fuzz.h $(O)/libbanmian.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DBM_SOURCE_ROOT='"$(CURDIR)"' \
	    $(filter-out -MMD -MP,$(CFLAGS)) $(PKG_CFLAGS) -o $@ \
	    $(filter %.c,$^) $(O)/libbanmian.a $(LDFLAGS) $(PKG_LIBS)

units: $(UNIT_BIN) $(REPLAY_BIN) $(O)/tests/imgsim

# How alike two page images are (tests/e2e/raster.sh and replica.sh).
$(O)/tests/imgsim: tests/tools/imgsim.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $(PKG_CFLAGS) -o $@ $< \
	    $(LDFLAGS) $(shell pkg-config --libs libpng libjpeg)

# A file's bytes as a C initializer list ("0x3c,0x3f,...").
c_bytes = od -An -v -tx1 $(1) | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'

# The RelaxNG schemas are compiled into the binary (why: src/ingest/xml_doc.c).
SCHEMAS := src/ingest/schema/edition.rng src/ingest/schema/article.rng
CPPFLAGS += -I$(O)/gen
$(O)/gen/bm_schema.h: $(SCHEMAS)
	@mkdir -p $(@D)
	@{ for f in $(SCHEMAS); do \
	    echo "static const char schema_$$(basename $$f .rng)[] = {"; \
	    $(call c_bytes,$$f); \
	    echo "0x00};"; done; } > $@.tmp && mv $@.tmp $@
$(O)/src/ingest/xml_edition.o: $(O)/gen/bm_schema.h

# So is the sRGB ICC profile of the PDF/A output intent (origin and licence:
# src/pdf/srgb.icc.txt).
$(O)/gen/bm_srgb.h: src/pdf/srgb.icc
	@mkdir -p $(@D)
	@{ echo "static const unsigned char bm_srgb_icc[] = {"; \
	    $(call c_bytes,$<); \
	    echo "};"; } > $@.tmp && mv $@.tmp $@
$(O)/src/pdf/metadata.o: $(O)/gen/bm_srgb.h

# Installs only what is missing; apt-get update runs only when something is.
deps:
	@missing=""; for p in $(DEB_ALL); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" \
	        || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    echo "make deps: installing$$missing"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	        --no-install-recommends $$missing || exit 1; \
	fi
	@locale -a 2>/dev/null | grep -qi '^fr_FR.utf8$$' || { \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    echo "make deps: generating the fr_FR.UTF-8 locale (determinism test)"; \
	    $$SUDO sh -c 'sed -i "s/^# *fr_FR.UTF-8/fr_FR.UTF-8/" /etc/locale.gen && locale-gen' \
	        >/dev/null; }
	@[ -d tests/reader/node_modules ] || { \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive \
	        $$SUDO apt-get install -y -q --no-install-recommends npm; \
	    echo "make deps: npm ci in tests/reader (epub.js reading-system test)"; \
	    cd tests/reader && npm ci --no-audit --no-fund --ignore-scripts; }
	@[ -d tests/pdftext/node_modules ] || { \
	    echo "make deps: npm ci in tests/pdftext (pdf.js text layer test)"; \
	    cd tests/pdftext && npm ci --no-audit --no-fund --ignore-scripts; }

fonts: deps
	@$(PYTHON) tests/tools/fontcheck.py fonts/fonts.conf

demo: deps fonts all
	tests/tools/demo.sh $(O)/banmian

check: deps fonts
	$(MAKE) O=build/asan SAN=1 all units
	tests/run.sh build/asan

memcheck: all
	tests/tools/memcheck.sh $(O)/banmian

# The benchmark also runs pandoc (EPUB) and Typst (npm, PDF) on the same text.
BENCH_SIZES ?= 1,4,16,64
BENCH_RUNS  ?= 5
bench: deps fonts all $(O)/bench_stages $(O)/para_bench
	@command -v pandoc >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get install -y -q --no-install-recommends pandoc >/dev/null || \
	    { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q pandoc; }; }
	@command -v npm >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get install -y -q --no-install-recommends nodejs npm; }
	@[ -d tests/bench/node_modules ] || (cd tests/bench && npm ci --no-audit --no-fund -q)
	$(O)/para_bench
	$(PYTHON) tests/bench/run.py --banmian $(O)/banmian --stages $(O)/bench_stages \
	    --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --json $(O)/bench/results.json

# The paragraph composer alone: characters a second (tests/bench/para_bench.c).
$(O)/para_bench: tests/bench/para_bench.c $(O)/libbanmian.a
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $(PKG_CFLAGS) -o $@ $< \
	    $(O)/libbanmian.a $(LDFLAGS) $(PKG_LIBS)

$(O)/bench_stages: tests/bench/stages.c $(O)/libbanmian.a
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $(PKG_CFLAGS) -o $@ $< \
	    $(O)/libbanmian.a $(LDFLAGS) $(PKG_LIBS)

# make fuzz [FUZZ_SECONDS=N] [FUZZ_ONLY="dump xml para build"]
fuzz: deps fonts
	$(MAKE) -f tests/fuzz/fuzz.mk $(if $(FUZZ_SECONDS),FUZZ_SECONDS=$(FUZZ_SECONDS)) \
	    $(if $(FUZZ_ONLY),FUZZ_ONLY="$(FUZZ_ONLY)")

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/banmian
	install -m 755 $(O)/banmian $(DESTDIR)$(PREFIX)/bin/banmian
	cp -R layouts fonts $(DESTDIR)$(PREFIX)/share/banmian/
	if [ -d src/ingest/schema ]; then \
	    cp -R src/ingest/schema $(DESTDIR)$(PREFIX)/share/banmian/; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/banmian
	rm -rf $(DESTDIR)$(PREFIX)/share/banmian

format:
	clang-format -i --style='{BasedOnStyle: LLVM, IndentWidth: 4, \
	    BreakBeforeBraces: Linux, ColumnLimit: 80, AllowShortFunctionsOnASingleLine: None}' \
	    $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h) $(UNIT_SRC)

clean:
	rm -rf build out

-include $(shell find $(O) -name '*.d' 2>/dev/null)
