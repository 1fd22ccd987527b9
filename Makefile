# electrum-verify: verify downloaded Electrum releases against pinned keys.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
PYTHON ?= python3
VERSION = 0.1.0

PKGS = gpgme libgcrypt jansson libarchive libsquashfs1 libcurl libxml-2.0 zlib libtasn1
PKG_DEB_gpgme = libgpgme-dev
PKG_DEB_libgcrypt = libgcrypt20-dev
PKG_DEB_jansson = libjansson-dev
PKG_DEB_libarchive = libarchive-dev
PKG_DEB_libsquashfs1 = libsquashfs-dev
PKG_DEB_libcurl = libcurl4-gnutls-dev
PKG_DEB_libxml-2.0 = libxml2-dev
PKG_DEB_zlib = zlib1g-dev
PKG_DEB_libtasn1 = libtasn1-6-dev
PKG_DEB_cmocka = libcmocka-dev
PKG_DEB_gtk4 = libgtk-4-dev
# libunistring (Unicode normalisation and case folding) and libbz2 (UDIF
# bzip2 chunks) have no .pc file.
UNISTRING_LIBS = -lunistring -lbz2

pkg_check = $(if $(shell $(PKG_CONFIG) --exists $(1) && echo y),,$(error $(1) not found by $(PKG_CONFIG): install the Debian package $(PKG_DEB_$(1))))

WARN = -Wall -Wextra -pedantic -Wshadow -Wformat=2 -Wstrict-prototypes
HARDEN = -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) -DEV_VERSION='"$(VERSION)"' -Iverify \
	$(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CFLAGS)
LDLIBS_CORE = $(shell $(PKG_CONFIG) --libs $(PKGS)) $(UNISTRING_LIBS)
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(LDFLAGS)

BUILD = build
# Where the two programs are written (helpers building side by side use
# make BUILD=/tmp/x OUT=/tmp/x).
OUT = .
EV = $(OUT)/electrum-verify
EVGUI = $(OUT)/electrum-verify-gui
# verify/ holds one folder per layer (README.md, Layout); every .c below the
# core's folders goes into libcore.a, the front ends (cli/, gui/) link it.
# Headers are tracked through the compiler's -MMD dependency files.
CORE_DIRS = base openpgp trust manifest walk compare bind
CORE_SRC = $(wildcard $(CORE_DIRS:%=verify/%/*.c))
CLI_SRC = $(wildcard verify/cli/*.c)
GUI_SRC = $(wildcard verify/gui/*.c)
CORE_OBJ = $(CORE_SRC:verify/%.c=$(BUILD)/%.o) $(BUILD)/pins_builtin.o \
	$(BUILD)/releases_builtin.o $(BUILD)/keys_builtin.o
CLI_OBJ = $(CLI_SRC:verify/%.c=$(BUILD)/%.o)
GUI_OBJ = $(GUI_SRC:verify/%.c=$(BUILD)/%.o)
DEPFLAGS = -MMD -MP
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(BUILD)/%,$(UNIT_SRC))

all: deps $(EV) $(EVGUI)

deps:
	$(foreach p,$(PKGS),$(call pkg_check,$(p)))
	@printf '#include <uninorm.h>\n#include <unicase.h>\n' | \
	    $(CC) -E -x c - >/dev/null 2>&1 || { echo "libunistring not found: \
	    install the Debian package libunistring-dev"; exit 1; }
	@printf '#include <bzlib.h>\n' | \
	    $(CC) -E -x c - >/dev/null 2>&1 || { echo "libbz2 not found: \
	    install the Debian package libbz2-dev"; exit 1; }

$(BUILD):
	mkdir -p $(BUILD)

# The pins and the release index are compiled in, so a moved or installed
# binary keeps them: $(call embed,FILE,NAME) writes NAME_builtin[] (the
# text of FILE) and NAME_builtin_origin[].
embed = { printf '/* generated from $(1) */\n'; \
	  printf 'const char $(2)_builtin_origin[] = "$(1) (built in)";\n'; \
	  printf 'const char $(2)_builtin[] =\n'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $(1); \
	  printf ';\n'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/pins_builtin.c: keys/electrum.pins | $(BUILD)
	$(call embed,keys/electrum.pins,pins)

$(BUILD)/releases_builtin.c: keys/electrum.releases | $(BUILD)
	$(call embed,keys/electrum.releases,releases)

# The pinned signers' public keys (keys/pubkeys/NAME.asc, one per pin) are
# compiled in too. keys/mkbundle.py stops the build if a file is missing or
# its primary key's fingerprint is not the pinned one.
BUNDLED_KEYS = $(wildcard keys/pubkeys/*.asc)
$(BUILD)/keys_builtin.c: keys/electrum.pins keys/mkbundle.py keys/pgpdata.py \
		$(BUNDLED_KEYS) | $(BUILD)
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: \
	    install the Debian package python3"; exit 1; }
	PYTHONDONTWRITEBYTECODE=1 $(PYTHON) keys/mkbundle.py keys/electrum.pins \
	    keys/pubkeys > $@.tmp
	mv $@.tmp $@

$(BUILD)/%.o: verify/%.c | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/gui/%.o: verify/gui/%.c | $(BUILD)
	$(call pkg_check,gtk4)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(shell $(PKG_CONFIG) --cflags gtk4) -c -o $@ $<

$(BUILD)/%_builtin.o: $(BUILD)/%_builtin.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libcore.a: $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $(CORE_OBJ)

$(EV): $(CLI_OBJ) $(BUILD)/libcore.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcore.a $(LDLIBS_CORE)

$(EVGUI): $(GUI_OBJ) $(BUILD)/libcore.a
	$(call pkg_check,gtk4)
	$(CC) $(ALL_LDFLAGS) -o $@ $(GUI_OBJ) $(BUILD)/libcore.a $(LDLIBS_CORE) \
		$(shell $(PKG_CONFIG) --libs gtk4)

$(BUILD)/test_%: tests/unit/test_%.c $(BUILD)/libcore.a
	$(call pkg_check,cmocka)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) $(ALL_LDFLAGS) \
		-o $@ $< $(BUILD)/libcore.a $(LDLIBS_CORE) $(shell $(PKG_CONFIG) --libs cmocka)

unit: $(UNIT_BIN)

check: all unit
	EV=$(EV) EVGUI=$(EVGUI) GUI_SHOTS=$(BUILD)/gui-screenshots bash tests/run.sh

bench: all
	bash tests/bench.sh

# A real example: Electrum's published signatures (public data kept beside
# the checkout), checked with the keys bundled in the program: nothing is
# imported, the key store (under build/) stays empty.
ELECTRUM_DATA ?= ../shared/electrum
DEMO_HOME = $(abspath $(BUILD))/demo-home
demo: all
	@test -d $(ELECTRUM_DATA)/signed-tags || { echo "demo: $(ELECTRUM_DATA) not found: set ELECTRUM_DATA to Electrum's public data"; exit 2; }
	rm -rf $(DEMO_HOME) $(BUILD)/demo-fake
	ELECTRUM_VERIFY_HOME=$(DEMO_HOME) ./electrum-verify --sig $(ELECTRUM_DATA)/signed-tags/4.8.1.tag.asc $(ELECTRUM_DATA)/signed-tags/4.8.1.tag
	@echo; echo "# a file that only claims to be Electrum 4.8.1, with the real signatures beside it:"
	mkdir -p $(BUILD)/demo-fake
	echo "not the release" > $(BUILD)/demo-fake/electrum-4.8.1-x86_64.AppImage
	cp $(ELECTRUM_DATA)/signatures/4.8.1/electrum-4.8.1-x86_64.AppImage/*.asc $(BUILD)/demo-fake/
	ELECTRUM_VERIFY_HOME=$(DEMO_HOME) ./electrum-verify $(BUILD)/demo-fake/electrum-4.8.1-x86_64.AppImage; test $$? -eq 1

clean:
	rm -rf $(BUILD) $(EV) $(EVGUI)

.PHONY: all deps unit check bench demo clean

# Installation: the two programs, and the desktop integration of the GUI
# (the .desktop entry, named after the GUI's application ID, with the MIME
# types of Electrum's files; the AppImage MIME type for older
# shared-mime-info; the icon, and a 48x48 PNG of it for desktops without
# SVG icons). The caches are refreshed only for a live install (DESTDIR
# empty) and only with the tools present; a failure there does not fail
# the install.
DATADIR ?= $(PREFIX)/share
# The man pages (their FILES paths name $(DATADIR)), bash completion (also
# for electrum-verify-gui, through a link), AppStream metadata, and a
# read-only copy of the pins and of the bundled keys (pubkeys/NAME.asc):
# documentation of what the programs trust; they keep using the pins and
# keys compiled in.
MANDIR ?= $(DATADIR)/man
COMPDIR ?= $(DATADIR)/bash-completion/completions
METAINFODIR = $(DATADIR)/metainfo
PINSDIR = $(DATADIR)/electrum-verify
APPDIR = $(DATADIR)/applications
MIMEDIR = $(DATADIR)/mime
ICONDIR = $(DATADIR)/icons/hicolor
DESKTOP = net.electrumverify.Gui.desktop
# gdk-pixbuf-thumbnailer (libgdk-pixbuf2.0-bin, which libgtk-4-dev brings)
# renders the SVG; without an SVG loader (librsvg2-common) the file stays
# empty and no PNG is installed.
ICON_PNG = $(BUILD)/electrum-verify-48.png
refresh_caches = if [ -z "$(DESTDIR)" ]; then \
	    if command -v update-desktop-database >/dev/null 2>&1; then \
		update-desktop-database -q $(APPDIR) || true; fi; \
	    if command -v update-mime-database >/dev/null 2>&1; then \
		update-mime-database $(MIMEDIR) || true; fi; \
	    if command -v gtk-update-icon-cache >/dev/null 2>&1; then \
		gtk-update-icon-cache -q -t -f $(ICONDIR) || true; fi; \
	fi

$(ICON_PNG): packaging/electrum-verify.svg | $(BUILD)
	gdk-pixbuf-thumbnailer -s 48 $< $@ 2>/dev/null || : > $@

install: $(EV) $(EVGUI) $(ICON_PNG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(APPDIR) \
		$(DESTDIR)$(MIMEDIR)/packages $(DESTDIR)$(ICONDIR)/scalable/apps \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR) \
		$(DESTDIR)$(METAINFODIR) $(DESTDIR)$(PINSDIR)/pubkeys
	install -m 755 $(EV) $(DESTDIR)$(BINDIR)/electrum-verify
	install -m 755 $(EVGUI) $(DESTDIR)$(BINDIR)/electrum-verify-gui
	install -m 644 packaging/$(DESKTOP) $(DESTDIR)$(APPDIR)/
	install -m 644 packaging/electrum-verify.xml $(DESTDIR)$(MIMEDIR)/packages/
	install -m 644 packaging/electrum-verify.svg \
		$(DESTDIR)$(ICONDIR)/scalable/apps/
	for p in electrum-verify electrum-verify-gui; do \
		sed 's|/usr/local/share/|$(DATADIR)/|g' packaging/$$p.1 \
		    > $(DESTDIR)$(MANDIR)/man1/$$p.1 && \
		chmod 644 $(DESTDIR)$(MANDIR)/man1/$$p.1 || exit 1; done
	install -m 644 packaging/electrum-verify.bash-completion \
		$(DESTDIR)$(COMPDIR)/electrum-verify
	ln -sf electrum-verify $(DESTDIR)$(COMPDIR)/electrum-verify-gui
	install -m 644 packaging/net.electrumverify.Gui.metainfo.xml \
		$(DESTDIR)$(METAINFODIR)/
	install -m 444 keys/electrum.pins $(DESTDIR)$(PINSDIR)/electrum.pins
	install -m 444 $(BUNDLED_KEYS) $(DESTDIR)$(PINSDIR)/pubkeys/
	if [ -s $(ICON_PNG) ]; then install -d $(DESTDIR)$(ICONDIR)/48x48/apps && \
		install -m 644 $(ICON_PNG) $(DESTDIR)$(ICONDIR)/48x48/apps/electrum-verify.png; \
	else echo "note: no 48x48 PNG icon (gdk-pixbuf cannot render SVG: librsvg2-common)"; fi
	@$(refresh_caches)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/electrum-verify \
		$(DESTDIR)$(BINDIR)/electrum-verify-gui \
		$(DESTDIR)$(APPDIR)/$(DESKTOP) \
		$(DESTDIR)$(MIMEDIR)/packages/electrum-verify.xml \
		$(DESTDIR)$(ICONDIR)/scalable/apps/electrum-verify.svg \
		$(DESTDIR)$(ICONDIR)/48x48/apps/electrum-verify.png \
		$(DESTDIR)$(MANDIR)/man1/electrum-verify.1 \
		$(DESTDIR)$(MANDIR)/man1/electrum-verify-gui.1 \
		$(DESTDIR)$(COMPDIR)/electrum-verify \
		$(DESTDIR)$(COMPDIR)/electrum-verify-gui \
		$(DESTDIR)$(METAINFODIR)/net.electrumverify.Gui.metainfo.xml \
		$(DESTDIR)$(PINSDIR)/electrum.pins \
		$(BUNDLED_KEYS:keys/pubkeys/%=$(DESTDIR)$(PINSDIR)/pubkeys/%)
	if [ -d $(DESTDIR)$(PINSDIR)/pubkeys ]; then rmdir $(DESTDIR)$(PINSDIR)/pubkeys || true; fi
	if [ -d $(DESTDIR)$(PINSDIR) ]; then rmdir $(DESTDIR)$(PINSDIR) || true; fi
	@$(refresh_caches)

# The GUI's cases alone (under Xvfb; screenshots in $(BUILD)/gui-screenshots).
check-gui: $(EV) $(EVGUI)
	EV=$(EV) EVGUI=$(EVGUI) GUI_SHOTS=$(BUILD)/gui-screenshots CASES="00 90" bash tests/run.sh

.PHONY: install uninstall check-gui

# The whole suite (unit tests, command line, GUI) under AddressSanitizer and
# UndefinedBehaviorSanitizer, built into $(BUILD)/asan. A sanitizer report
# fails the case that caused it (tests/lib.sh); tests/lsan.supp silences
# leaks inside fontconfig only. check-valgrind runs the
# normal build's main paths under valgrind (tests/valgrind.sh).
ASAN_BUILD = $(BUILD)/asan
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
check-asan:
	$(MAKE) BUILD=$(ASAN_BUILD) OUT=$(ASAN_BUILD) \
		CFLAGS="$(SAN_FLAGS) -O1 -g" LDFLAGS="$(SAN_FLAGS)" all unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86:detect_stack_use_after_return=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87 \
	EV_SANITIZED=1 UNIT_DIR=$(abspath $(ASAN_BUILD)) EV=$(ASAN_BUILD)/electrum-verify \
	EVGUI=$(ASAN_BUILD)/electrum-verify-gui \
	GUI_SHOTS=$(ASAN_BUILD)/gui-screenshots bash tests/run.sh

check-valgrind: all
	EV=$(EV) bash tests/valgrind.sh

# The desktop helper's cases (its worker thread, cancel, a lost display,
# a folder audit), the folder audit and the checksum list (threads)
# and the command line's signal cases under ThreadSanitizer, built into
# $(BUILD)/tsan. A report fails the case that caused it (tests/lib.sh);
# tests/tsan.supp lists what is silenced, and why.
TSAN_BUILD = $(BUILD)/tsan
TSAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
check-tsan:
	$(MAKE) BUILD=$(TSAN_BUILD) OUT=$(TSAN_BUILD) \
		CFLAGS="$(TSAN_FLAGS) -O1 -g" LDFLAGS="$(TSAN_FLAGS)" all
	TSAN_OPTIONS=halt_on_error=0:exitcode=66:second_deadlock_stack=1:suppressions=$(abspath tests/tsan.supp) \
	EV_SANITIZED=1 UNIT_DIR=$(abspath $(TSAN_BUILD))/no-unit-tests \
	EV=$(TSAN_BUILD)/electrum-verify EVGUI=$(TSAN_BUILD)/electrum-verify-gui \
	GUI_SHOTS=$(TSAN_BUILD)/gui-screenshots CASES="00 20 34 35 66 86 90 91" bash tests/run.sh

.PHONY: check-asan check-valgrind check-tsan

# Fuzzing (libFuzzer, clang): the targets tests/fuzz/fuzz_*.c on a copy of
# the core built with -fsanitize=fuzzer-no-link,address,undefined into
# $(FUZZ_BUILD). `make fuzz` runs each target FUZZ_TIME seconds on a copy
# of its committed corpus tests/fuzz/corpus/NAME (under
# $(FUZZ_BUILD)/work); `make fuzz-smoke` runs every committed seed once,
# then each target FUZZ_SMOKE_TIME seconds, and fails on any crash, leak,
# timeout or out-of-memory (tests/fuzz/run.sh).
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_SMOKE_TIME ?= 10
# FUZZ_TARGETS="tar deb": only those (names without fuzz_; default all)
FUZZ_TARGETS ?=
FUZZ_BUILD = $(BUILD)/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -DEV_VERSION='"$(VERSION)"' -Iverify \
	$(shell $(PKG_CONFIG) --cflags $(PKGS)) $(FUZZ_SAN) -g -O1 \
	-fno-omit-frame-pointer
fuzz_check = $(if $(shell command -v $(FUZZ_CC)),,$(error $(FUZZ_CC) not \
	found: install the Debian packages clang and libclang-rt-14-dev))
FUZZ_CORE_OBJ = $(CORE_SRC:verify/%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/pins_builtin.o \
	$(FUZZ_BUILD)/releases_builtin.o $(FUZZ_BUILD)/keys_builtin.o
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRC))

$(FUZZ_BUILD):
	mkdir -p $(FUZZ_BUILD)

$(FUZZ_BUILD)/%.o: verify/%.c | $(FUZZ_BUILD)
	$(fuzz_check)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/%_builtin.o: $(BUILD)/%_builtin.c | $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libcore.a: $(FUZZ_CORE_OBJ)
	rm -f $@ && ar rcs $@ $(FUZZ_CORE_OBJ)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libcore.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libcore.a $(LDLIBS_CORE)

fuzz-build: deps $(FUZZ_BIN)

fuzz: fuzz-build
	bash tests/fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	bash tests/fuzz/run.sh smoke $(FUZZ_BUILD) $(FUZZ_SMOKE_TIME)

.PHONY: fuzz fuzz-build fuzz-smoke

# verify/walk/authcode_asn1.c is generated from verify/walk/authcode.asn by
# asn1Parser (Debian libtasn1-bin) and committed, so that a build needs only
# libtasn1-6-dev: after editing the .asn, run `make asn1`.
asn1: | $(BUILD)
	asn1Parser -o $(BUILD)/authcode_asn1.c -n authcode_asn1_tab verify/walk/authcode.asn
	{ printf '/* Generated from verify/walk/authcode.asn by asn1Parser (libtasn1-bin):\n * make asn1. Do not edit. */\n'; \
	    sed -e '/^#if HAVE_CONFIG_H/,/^#endif/d' $(BUILD)/authcode_asn1.c; } > verify/walk/authcode_asn1.c

.PHONY: asn1

# The Debian packages (packaging/debian) built from a copy of the tree in a
# temporary directory, linted, installed, run on a signed file, purged.
package-test:
	bash tests/package-test.sh

.PHONY: package-test

# The headers each object was built from (-MMD).
-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d $(FUZZ_BUILD)/*.d $(FUZZ_BUILD)/*/*.d)
