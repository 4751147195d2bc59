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
CC ?= cc
AR ?= ar
CFLAGS ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wno-unused-parameter
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNFLAGS) -I$(TOP)/include/uapi
