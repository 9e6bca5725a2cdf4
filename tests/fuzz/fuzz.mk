SHELL := /bin/bash
# tests/fuzz/fuzz.mk - libFuzzer builds of the harnesses (make fuzz).
#
#   make fuzz FUZZ_SECONDS=900            run every harness for N seconds
#   make fuzz FUZZ_ONLY=dump              one harness (dump xml para build edition)
#
# Objects are built with clang and -fsanitize=fuzzer-no-link,address,undefined
# into build/fuzz/; each harness runs on a working copy of its seed corpus
# (tests/fuzz/corpus/NAME plus what earlier runs found, build/fuzz/corpus-NAME)
# and leaves crashers in build/fuzz/artifacts/.  `make check` replays the
# seeds without libFuzzer (tests/e2e/fuzz_replay.sh).

FO           := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_ONLY    ?= dump xml para build edition
FCC          := clang
PKGS         := libzip libxml-2.0 freetype2 harfbuzz harfbuzz-subset icu-uc icu-i18n libpng
FSAN         := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FFLAGS       := -std=c11 -g -O1 -fno-omit-frame-pointer $(FSAN) \
                -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
                -DBM_SOURCE_ROOT='"$(CURDIR)"' -I$(FO)/gen $(shell pkg-config --cflags $(PKGS))
FLIBS        := $(shell pkg-config --libs $(PKGS)) -lhpdf -lm

LIB_SRC  := $(foreach m,base model text font ingest layout pdf alto epub build,$(wildcard src/$(m)/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(FO)/%.o)
HARNESS  := $(FUZZ_ONLY:%=$(FO)/fuzz_%)

.PHONY: run
run: $(HARNESS)
	@mkdir -p $(FO)/artifacts
	@for h in $(FUZZ_ONLY); do \
	    mkdir -p $(FO)/corpus-$$h; \
	    dict=; [ -f tests/fuzz/$$h.dict ] && dict=-dict=tests/fuzz/$$h.dict; \
	    echo "== fuzz_$$h for $(FUZZ_SECONDS) s"; \
	    $(FO)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 $$dict \
	        -artifact_prefix=$(FO)/artifacts/$$h- \
	        $(FO)/corpus-$$h tests/fuzz/corpus/$$h 2>&1 | \
	        grep -E '^(#[0-9]+[[:space:]]+DONE|stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' ; \
	    st=$${PIPESTATUS[0]}; [ $$st -eq 0 ] || { echo "fuzz_$$h: crash, see $(FO)/artifacts"; exit 1; }; \
	done

# Generated sources (the compiled-in schemas) come from the main Makefile.
$(FO)/gen/bm_schema.h: $(wildcard src/ingest/schema/*.rng)
	$(MAKE) -f Makefile O=$(FO) $@

$(FO)/src/ingest/xml_edition.o: $(FO)/gen/bm_schema.h

$(FO)/gen/bm_srgb.h: src/pdf/srgb.icc
	$(MAKE) -f Makefile O=$(FO) $@

$(FO)/src/pdf/metadata.o: $(FO)/gen/bm_srgb.h

$(FO)/%.o: %.c
	@mkdir -p $(@D)
	$(FCC) $(FFLAGS) -MMD -MP -fsanitize=fuzzer-no-link -c $< -o $@

# Header changes rebuild the objects (a stale object with an old struct
# layout once crashed a run).
-include $(LIB_OBJ:.o=.d)

$(FO)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/common.c $(LIB_OBJ)
	$(FCC) $(FFLAGS) -fsanitize=fuzzer -o $@ $^ $(FLIBS)

# Keep the objects between runs.
.SECONDARY:
