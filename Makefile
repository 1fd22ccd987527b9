# electrum-verify: verify downloaded Electrum releases against pinned keys.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION = 0.1.0

PKGS = gpgme libgcrypt jansson
PKG_DEB_gpgme = libgpgme-dev
PKG_DEB_libgcrypt = libgcrypt20-dev
PKG_DEB_jansson = libjansson-dev
PKG_DEB_cmocka = libcmocka-dev

pkg_check = $(if $(shell $(PKG_CONFIG) --exists $(1) && echo y),,$(error $(1) not found by $(PKG_CONFIG): install the Debian package $(PKG_DEB_$(1))))

WARN = -Wall -Wextra -pedantic -Wshadow -Wformat=2 -Wstrict-prototypes
HARDEN = -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) -DEV_VERSION='"$(VERSION)"' \
	$(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CFLAGS)
LDLIBS_CORE = $(shell $(PKG_CONFIG) --libs $(PKGS))
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(LDFLAGS)

BUILD = build
CORE_SRC = $(filter-out verify/main.c,$(wildcard verify/*.c)) $(BUILD)/pins_builtin.c
CORE_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(notdir $(CORE_SRC)))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(BUILD)/%,$(UNIT_SRC))

all: deps electrum-verify

deps:
	$(foreach p,$(PKGS),$(call pkg_check,$(p)))

$(BUILD):
	mkdir -p $(BUILD)

# The pins are compiled in, so a moved or installed binary keeps them.
$(BUILD)/pins_builtin.c: keys/electrum.pins | $(BUILD)
	{ printf '/* generated from keys/electrum.pins */\n'; \
	  printf 'const char pins_builtin_origin[] = "keys/electrum.pins (built in)";\n'; \
	  printf 'const char pins_builtin[] =\n'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' keys/electrum.pins; \
	  printf ';\n'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: verify/%.c verify/*.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/pins_builtin.o: $(BUILD)/pins_builtin.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libcore.a: $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $(CORE_OBJ)

electrum-verify: $(BUILD)/main.o $(BUILD)/libcore.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(BUILD)/main.o $(BUILD)/libcore.a $(LDLIBS_CORE)

$(BUILD)/test_%: tests/unit/test_%.c tests/unit/testutil.h $(BUILD)/libcore.a verify/*.h
	$(call pkg_check,cmocka)
	$(CC) $(ALL_CFLAGS) -Iverify $(shell $(PKG_CONFIG) --cflags cmocka) $(ALL_LDFLAGS) \
		-o $@ $< $(BUILD)/libcore.a $(LDLIBS_CORE) $(shell $(PKG_CONFIG) --libs cmocka)

unit: $(UNIT_BIN)

check: all unit
	bash tests/run.sh

bench: all
	bash tests/bench.sh

# A real example: Electrum's published keys and signatures (public data kept
# beside the checkout), in a throw-away key store under build/.
ELECTRUM_DATA ?= ../shared/electrum
DEMO_HOME = $(BUILD)/demo-home
demo: all
	@test -d $(ELECTRUM_DATA)/pubkeys || { echo "demo: $(ELECTRUM_DATA) not found: set ELECTRUM_DATA to Electrum's public data"; exit 2; }
	rm -rf $(DEMO_HOME) $(BUILD)/demo-fake
	ELECTRUM_VERIFY_HOME=$(DEMO_HOME) ./electrum-verify keys import $(ELECTRUM_DATA)/pubkeys/*.asc
	ELECTRUM_VERIFY_HOME=$(DEMO_HOME) ./electrum-verify --sig $(ELECTRUM_DATA)/signed-tags/4.8.1.tag.asc $(ELECTRUM_DATA)/signed-tags/4.8.1.tag
	@echo; echo "# a file that only claims to be Electrum 4.8.1, with the real signatures beside it:"
	mkdir -p $(BUILD)/demo-fake
	echo "not the release" > $(BUILD)/demo-fake/electrum-4.8.1-x86_64.AppImage
	cp $(ELECTRUM_DATA)/signatures/4.8.1/electrum-4.8.1-x86_64.AppImage/*.asc $(BUILD)/demo-fake/
	ELECTRUM_VERIFY_HOME=$(DEMO_HOME) ./electrum-verify $(BUILD)/demo-fake/electrum-4.8.1-x86_64.AppImage; test $$? -eq 1

clean:
	rm -rf $(BUILD) electrum-verify

.PHONY: all deps unit check bench demo clean
