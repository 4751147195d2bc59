# SPDX-License-Identifier: GPL-2.0
#
# utracer: the module, libutracer and udb.
#
#   make                 build utracer.ko (for KERNEL), libutracer and udb
#   make KERNEL=6.1      the module for Debian's 6.1 kernel (6.12: the default;
#                        latest: Debian's newest, built in a debootstrapped root)
#   make KDIR=/lib/modules/$(uname -r)/build    the module for your own kernel
#   make bindings        the Java jar and JNI library (build/bindings/java)
#   make check           host tests, the VM suite on 6.1, 6.12 and latest, the packages
#                        (CHECK_GUESTS=2: each kernel's over two guests side by
#                        side; on this 2-CPU machine each test then ran 2-3x
#                        slower, so one guest is the default)
#   make debug-kernel    build the debug kernel once (KASAN, lockdep, kmemleak...)
#                        from the newest linux-source the archive has
#                        (DEBUG_SERIES=6.12: from linux-source-6.12)
#   make check-debug     the VM suite on the debug kernel, then a kmemleak scan;
#                        dealt out over GUESTS guests side by side (default: one
#                        per CPU); DEBUG_SERIES=6.12 on the 6.12 one
#   make fuzz            the ABI fuzzer on the debug kernel with allocation-failure
#                        injection (SECONDS=600 SEED=S FUZZ_KERNEL=debug CLIENTS=3)
#   make gdb-testsuite   gdb's own tests through gdbserver and udb gdbserver in the
#                        VM (GDB_TESTS=...): build/gdb-testsuite/table.md
#   make lint            checkpatch --strict on the module, cppcheck on user space
#   make demo            boot the VM and show udb at work
#   make bench           benchmarks in the VM (KERNEL, ITER, REPS, BENCH_TCG): build/bench/
#   make deps            install the Debian packages the project needs
#   make install         library, header, udb, man pages and the bindings
#                        (PREFIX, LIBDIR, DESTDIR; install-bindings alone)
#   make deb             the Debian packages, into build/deb/, with lintian's
#                        report in build/deb/lintian.txt
#   make check-pkg       make deb, then tests/vm/pkg-install.sh on 6.1 and 6.12
#   UTRACER_NO_DEPS=1    never run scripts/deps (no apt): package builds
#   V=1                  show full commands

MAKEFLAGS += --no-print-directory
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(TOP)/mk/common.mk

KERNEL ?= 6.12
KERNELS := 6.1 6.12 latest

.PHONY: all module modules test-modules lib udb bindings check check-host check-vm lint demo deps clean deb \
	install uninstall install-dkms uninstall-dkms test-progs FORCE \
	bench bench-progs
all: module lib udb

# --- dependencies ----------------------------------------------------------
# Installed once per machine; the stamp is refreshed when the list changes.
# UTRACER_NO_DEPS=1 (a package build, debian/rules) leaves the machine
# alone: no apt, whatever is missing.
ifeq ($(UTRACER_NO_DEPS),1)
DEPS_STAMP :=
else
DEPS_STAMP := $(BUILD)/.deps-stamp
$(DEPS_STAMP): $(TOP)/scripts/deps
	$(Q)$(TOP)/scripts/deps
	$(Q)mkdir -p $(@D) && touch $@
endif
deps:
	$(Q)$(TOP)/scripts/deps
	$(Q)mkdir -p $(BUILD) && touch $(DEPS_STAMP)

# --- the module --------------------------------------------------------------
# Each kernel gets its own build directory, build/<release>/module, holding
# symlinks to the sources, so that builds for several kernels coexist.
# test-modules builds the test suite's own modules (tests/modules) the same way.
ifneq ($(KDIR),)
module test-modules: $(DEPS_STAMP)
	$(Q)$(MAKE) -f $(TOP)/module/module.mk KDIR=$(KDIR) TOP=$(TOP) \
		SRC=$(if $(filter module,$@),module,tests/modules)
else
module test-modules: $(DEPS_STAMP)
	$(Q)tree=$$($(TOP)/scripts/kernel-fetch $(KERNEL)) && \
		$(MAKE) -f $(TOP)/module/module.mk KDIR=$$tree/kdir TOP=$(TOP) \
		BUILDROOT="$$(cat $$tree/buildroot 2>/dev/null)" \
		SRC=$(if $(filter module,$@),module,tests/modules)
endif

# Every kernel the test suite runs on.
modules: $(DEPS_STAMP)
	$(Q)for k in $(KERNELS); do $(MAKE) --no-print-directory module KERNEL=$$k || exit; done

# --- user space --------------------------------------------------------------
include $(TOP)/lib/lib.mk
include $(TOP)/udb/udb.mk
.SECONDEXPANSION:
include $(TOP)/tests/tests.mk
include $(TOP)/bench/bench.mk
include $(TOP)/bindings/bindings.mk

lib: $(DEPS_STAMP) $(LIB_TARGETS)
udb: $(DEPS_STAMP) $(UDB_TARGETS)
bindings: $(DEPS_STAMP) $(BINDINGS_TARGETS)

# --- tests -------------------------------------------------------------------
# make check builds the packages first (lintian's report goes to its log);
# tests/check then runs tests/vm/pkg-install.sh on 6.1 and 6.12 after the
# VM suites. check-vm leaves them out unless build/deb holds packages.
check: all test-progs bindings deb gdb-testsuite-src
	$(Q)$(TOP)/tests/check --jobs $(CHECK_GUESTS) $(KERNELS)

check-host: lib udb test-progs bindings
	$(Q)$(TOP)/tests/check --host-only

check-vm: all test-progs bindings gdb-testsuite-src
	$(Q)$(TOP)/tests/check --vm-only $(KERNEL)

# gdb's own test suite in one VM, through Debian's gdbserver and through
# udb gdbserver (docs/gdb-testsuite.md): build/gdb-testsuite/table.md.
# GDB_TESTS: the test files (default: tests/gdb/run-testsuite's list);
# GDB_TESTSUITE_KERNEL (default 6.1); GDB_TESTSUITE_TIMEOUT: the VM's, in
# seconds (default 5400).
.PHONY: gdb-testsuite gdb-testsuite-src
GDB_TESTSUITE_KERNEL ?= 6.1
# The testsuite's directory, for make check's short subset of it
# (tests/vm/gdb-testsuite-subset.sh): the packages installed and the
# source unpacked once into the cache.
gdb-testsuite-src: $(DEPS_STAMP)
	$(Q)mkdir -p $(BUILD) && $(TOP)/tests/gdb/run-testsuite --unpack >$(BUILD)/gdb-testsuite.src.tmp && \
		mv $(BUILD)/gdb-testsuite.src.tmp $(BUILD)/gdb-testsuite.src
gdb-testsuite: all $(DEPS_STAMP)
	$(Q)$(TOP)/tests/gdb/run-testsuite --kernel $(GDB_TESTSUITE_KERNEL) \
		$(if $(GDB_TESTSUITE_TIMEOUT),--timeout $(GDB_TESTSUITE_TIMEOUT))

# --- benchmarks ----------------------------------------------------------------
# The VM tests check the benchmark programs, so test-progs builds them too.
test-progs: bench-progs

# In the VM on one kernel (KERNEL, default 6.12); ITER and REPS scale the
# runs (bench/run says what they default to); BENCH_TCG=single runs the
# guest on single-threaded TCG (default multi); BENCH_FILES: the sources
# B7 compiles (default 8, 0: all). Results go to build/bench/.
bench: all test-progs
	$(Q)$(TOP)/bench/run --kernel $(KERNEL) $(if $(ITER),--iter $(ITER)) $(if $(REPS),--reps $(REPS)) \
		$(if $(BENCH_TCG),--tcg $(BENCH_TCG)) $(if $(BENCH_FILES),--files $(BENCH_FILES))

# --- the debug kernel, its suite and the fuzzer --------------------------------
# Built once per series into the cache, by default from the newest
# linux-source-X.Y of the archive (7.x in the trixie build root), with
# DEBUG_SERIES=X.Y from that series (6.12 on the host); never by `make check`.
# Its kernel name: debug (the newest series built) or debug-X.Y.
.PHONY: debug-kernel check-debug fuzz
DEBUG_SERIES ?=
DEBUG_KERNEL := debug$(if $(DEBUG_SERIES),-$(DEBUG_SERIES))
debug-kernel: $(DEPS_STAMP)
	$(Q)$(TOP)/scripts/kernel-build-debug $(if $(DEBUG_SERIES),--series $(DEBUG_SERIES)) >/dev/null

GUESTS ?= $(shell nproc)
CHECK_GUESTS ?= 1
check-debug: debug-kernel
	$(Q)$(MAKE) all test-progs bindings KERNEL=$(DEBUG_KERNEL)
	$(Q)$(TOP)/tests/check --vm-only --jobs $(GUESTS) $(DEBUG_KERNEL)

SECONDS ?= 600
SEED ?= 0
CLIENTS ?= 3
FUZZ_KERNEL ?= $(DEBUG_KERNEL)
fuzz: $(if $(filter debug,$(FUZZ_KERNEL)),debug-kernel)
	$(if $(filter debug-%,$(FUZZ_KERNEL)),$(Q)$(TOP)/scripts/kernel-build-debug \
		--series $(patsubst debug-%,%,$(FUZZ_KERNEL)) >/dev/null)
	$(Q)$(MAKE) all test-progs KERNEL=$(FUZZ_KERNEL)
	$(Q)$(TOP)/vm/run --kernel $(FUZZ_KERNEL) --timeout $$(($(SECONDS) + 600)) -- \
		$(TOP)/vm/debug-run --failslab -- $(BUILD)/tests/vm/abi-fuzz \
		--seconds $(SECONDS) --seed $(SEED) --clients $(CLIENTS)

# --- lint --------------------------------------------------------------------
lint: $(DEPS_STAMP)
	$(Q)$(TOP)/scripts/lint

# --- demo --------------------------------------------------------------------
demo: all test-progs
	$(Q)$(TOP)/vm/run --kernel $(KERNEL) -- $(TOP)/scripts/demo

clean:
	$(call msg,CLEAN,build)
	$(Q)rm -rf $(BUILD)

# --- install -------------------------------------------------------------------
# The library (header, shared and static, pkg-config file, section 3 and 7
# pages), udb (binary, section 1 page) and the bindings (bindings/bindings.mk:
# the Python package, the jar and its JNI library); the module is built for a user's
# own kernels by DKMS (dkms.conf) or by `make KDIR=... module`.
install: install-lib install-udb install-bindings
uninstall: uninstall-lib uninstall-udb uninstall-bindings

# The module's sources for DKMS, in $(DESTDIR)/usr/src/utracer-<version>,
# with dkms.conf made from dkms.conf.in and the interface's man page.
DKMS_VERSION := $(UTRACER_VERSION)
DKMS_DIR := $(DESTDIR)/usr/src/utracer-$(DKMS_VERSION)
.PHONY: install-dkms uninstall-dkms
install-dkms:
	$(call msg,INSTALL,$(DKMS_DIR))
	$(Q)install -d $(DKMS_DIR)/module/engine $(DKMS_DIR)/module/iface $(DKMS_DIR)/include/uapi/linux \
		$(DESTDIR)$(MANDIR)/man7
	$(Q)sed 's/@VERSION@/$(DKMS_VERSION)/' $(TOP)/dkms.conf.in >$(DKMS_DIR)/dkms.conf
	$(Q)chmod 644 $(DKMS_DIR)/dkms.conf
	$(Q)install -m 644 $(TOP)/VERSION $(DKMS_DIR)/
	$(Q)install -m 644 $(TOP)/module/Kbuild $(wildcard $(TOP)/module/*.[ch]) $(DKMS_DIR)/module/
	$(Q)install -m 644 $(wildcard $(TOP)/module/engine/*.[ch]) $(DKMS_DIR)/module/engine/
	$(Q)install -m 644 $(wildcard $(TOP)/module/iface/*.[ch]) $(DKMS_DIR)/module/iface/
	$(Q)install -m 644 $(wildcard $(TOP)/include/uapi/linux/*.h) $(DKMS_DIR)/include/uapi/linux/
	$(Q)$(call install_man,$(TOP)/man/utracer.7,$(DESTDIR)$(MANDIR)/man7)
uninstall-dkms:
	$(Q)rm -rf $(DKMS_DIR) $(DESTDIR)$(MANDIR)/man7/utracer.7

# --- Debian packages -------------------------------------------------------------
# dpkg-buildpackage writes its results next to the source tree, so it
# builds a copy of the tree in build/deb/utracer-<version>/ and everything
# lands in build/deb/. The build itself runs no apt (debian/rules sets
# UTRACER_NO_DEPS=1); its build dependencies come from scripts/deps here.
DEB_DIR ?= $(BUILD)/deb
DEB_SRC := $(DEB_DIR)/utracer-$(UTRACER_VERSION)
deb: $(DEPS_STAMP)
	$(call msg,DEB,$(DEB_DIR))
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	$(Q)tar -C $(TOP) --exclude=./build --exclude=./.git -cf - . | tar -C $(DEB_SRC) -xf -
	$(Q)cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b >$(DEB_DIR)/build.log 2>&1 || \
		{ tail -n 40 $(DEB_DIR)/build.log; echo "make deb: dpkg-buildpackage failed (log: $(DEB_DIR)/build.log)"; exit 1; }
	$(Q)rm -rf $(DEB_SRC)
	$(Q){ lintian --version; echo "lintian --info --display-info --pedantic $$(cd $(DEB_DIR) && ls *.changes)"; \
		lintian --info --display-info --pedantic $(DEB_DIR)/*.changes 2>&1 | grep -v '^running with root'; \
		echo "(end of lintian's report)"; } >$(DEB_DIR)/lintian.txt; \
		cat $(DEB_DIR)/lintian.txt; \
		! grep -qE '^[EW]: ' $(DEB_DIR)/lintian.txt || \
		{ echo "make deb: lintian reports errors or warnings ($(DEB_DIR)/lintian.txt)"; exit 1; }
	$(Q)ls $(DEB_DIR)/*.deb

# The packages installed, used and purged in the guest on 6.1 and 6.12, as
# make check does after its VM suites; here alone.
.PHONY: check-pkg
check-pkg: deb test-progs
	$(Q)fail=0; for k in 6.1 6.12; do \
		$(TOP)/scripts/pkg-headers $$k >/dev/null || fail=1; \
		$(TOP)/vm/run --kernel $$k --mttcg --timeout 3000 -- $(TOP)/tests/run --dmesg --label "$$k:" \
			$(TOP)/tests/vm/pkg-install.sh || fail=1; \
	done; exit $$fail
