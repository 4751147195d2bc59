# SPDX-License-Identifier: GPL-2.0
#
# Build utracer.ko out of tree for the kernel headers in KDIR, in
# build/<kernel release>/module (symlinks to the sources), so that builds
# for several kernels live side by side.
#
# Called by the top Makefile: make -f module/module.mk KDIR=... TOP=...
# [SRC=dir-under-TOP] (default: module; tests/modules builds the test-only
# modules the same way) [BUILDROOT=dir].
#
# With BUILDROOT (a build root of scripts/buildroot, for kernels whose
# headers need a newer toolchain than the host's), kbuild runs chrooted
# into it, with the tree mounted at its own path so that every path agrees;
# KDIR is then a directory inside that root (Debian's headers, installed
# there), or a kernel tree outside it (a debug kernel built in the root),
# mounted at its own path too.

RELEASE := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
ifeq ($(RELEASE),)
$(error $(KDIR) is not a configured kernel tree (no include/config/kernel.release))
endif
SRC ?= module
OUT := $(TOP)/build/$(RELEASE)/$(SRC)
# The sources, relative to $(SRC), in its folder and one level of subfolders
# (the module's engine/ and iface/), mirrored as folders of symlinks so that
# kbuild writes its objects beside the links, never into the tree.
SOURCES := $(patsubst $(TOP)/$(SRC)/%,%,$(wildcard $(TOP)/$(SRC)/*.[ch] $(TOP)/$(SRC)/*/*.[ch])) Kbuild
SUBDIRS := $(sort $(filter-out ./,$(dir $(SOURCES))))

ifeq ($(V),1)
KBUILD_VERBOSE := V=1
endif

ifneq ($(BUILDROOT),)
KDIR_REAL := $(realpath $(KDIR))
ifneq ($(filter $(BUILDROOT)/%,$(KDIR_REAL)),)
KBUILD_MAKE := $(TOP)/scripts/buildroot run $(BUILDROOT) --bind $(TOP) -- make
KBUILD_KDIR := $(patsubst $(BUILDROOT)%,%,$(KDIR_REAL))
else
KBUILD_MAKE := $(TOP)/scripts/buildroot run $(BUILDROOT) --bind $(TOP) --bind $(KDIR_REAL) -- make
KBUILD_KDIR := $(KDIR_REAL)
endif
else
KBUILD_MAKE := $(MAKE)
KBUILD_KDIR := $(KDIR)
endif

.PHONY: all
all:
	@mkdir -p $(OUT) $(addprefix $(OUT)/,$(SUBDIRS))
	@find $(OUT) -maxdepth 2 -xtype l -delete
	@$(foreach f,$(SOURCES),ln -sf $(TOP)/$(SRC)/$(f) $(OUT)/$(f) &&) true
	+@$(KBUILD_MAKE) --no-print-directory -C $(KBUILD_KDIR) M=$(OUT) UTRACER_TOP=$(TOP) \
		UTRACER_WERROR=1 W=1 $(KBUILD_VERBOSE) modules
