# SPDX-License-Identifier: GPL-2.0
#
# utracer: the module, libutracer and udb.
#
#   make                 build utracer.ko (for KERNEL), libutracer and udb
#   make KERNEL=6.1      the module for Debian's 6.1 kernel (default 6.12)
#   make KDIR=/lib/modules/$(uname -r)/build    the module for your own kernel
#   make check           host tests, then the VM suite on 6.1 and 6.12
#   make lint            checkpatch --strict on the module, cppcheck on user space
#   make demo            boot the VM and show udb at work
#   make deps            install the Debian packages the project needs
#   make install         library, header, udb and man pages (PREFIX, DESTDIR)
#   V=1                  show full commands

MAKEFLAGS += --no-print-directory
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(TOP)/mk/common.mk

KERNEL ?= 6.12
KERNELS := 6.1 6.12

.PHONY: all module modules test-modules lib udb check check-host check-vm lint demo deps clean \
	install uninstall test-progs FORCE
all: module lib udb

# --- dependencies ----------------------------------------------------------
# Installed once per machine; the stamp is refreshed when the list changes.
DEPS_STAMP := $(BUILD)/.deps-stamp
$(DEPS_STAMP): $(TOP)/scripts/deps
	$(Q)$(TOP)/scripts/deps
	$(Q)mkdir -p $(@D) && touch $@
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
	$(Q)kdir=$$($(TOP)/scripts/kernel-fetch $(KERNEL))/kdir && \
		$(MAKE) -f $(TOP)/module/module.mk KDIR=$$kdir TOP=$(TOP) \
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

lib: $(DEPS_STAMP) $(LIB_TARGETS)
udb: $(DEPS_STAMP) $(UDB_TARGETS)

# --- tests -------------------------------------------------------------------
check: all test-progs
	$(Q)$(TOP)/tests/check $(KERNELS)

check-host: lib udb test-progs
	$(Q)$(TOP)/tests/check --host-only

check-vm: all test-progs
	$(Q)$(TOP)/tests/check --vm-only $(KERNEL)

# --- lint --------------------------------------------------------------------
lint: $(DEPS_STAMP)
	$(Q)$(TOP)/scripts/lint

# --- demo --------------------------------------------------------------------
demo: all test-progs
	$(Q)$(TOP)/vm/run --kernel $(KERNEL) -- $(TOP)/scripts/demo

clean:
	$(call msg,CLEAN,build)
	$(Q)rm -rf $(BUILD)
