# SPDX-License-Identifier: GPL-2.0
#
# Shared settings for the user-space build: kernel-style quiet output
# ("  CC      file.o"), V=1 for full commands, and the common flags.

ifeq ($(V),1)
Q :=
msg :=
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
# make -s: silent, as kbuild is.
Q := @
msg :=
else
Q := @
msg = @printf '  %-8s%s\n' '$(1)' '$(2)';
endif

BUILD := $(TOP)/build
# The release, for every artefact (module, library, udb, packages): VERSION.
UTRACER_VERSION := $(shell cat $(TOP)/VERSION)
CC ?= cc
AR ?= ar
CFLAGS ?= -O2 -g
# Our own builds fail on a warning; a distribution's (debian/rules) sets
# WERROR= so that a newer compiler's new warning does not break its build.
WERROR ?= -Werror
WARNFLAGS := -Wall -Wextra $(WERROR) -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wno-unused-parameter
# $(call install_man,PAGES,DIR): install man pages into DIR, the release
# added to their .TH line's source ("utracer" -> "utracer 0.1.0").
install_man = for f in $(1); do \
	sed '/^\.TH /s/ "\(lib\)\{0,1\}utracer" / "\1utracer $(UTRACER_VERSION)" /' "$$f" \
		>$(2)/$$(basename "$$f") && chmod 644 $(2)/$$(basename "$$f") || exit 1; done

BASE_CFLAGS := $(CPPFLAGS) -std=c11 -D_GNU_SOURCE $(WARNFLAGS) -I$(TOP)/include/uapi
