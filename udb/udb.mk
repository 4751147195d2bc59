# SPDX-License-Identifier: GPL-2.0
#
# udb: linked against libutracer's static archive, so that it runs from
# the build tree and, once installed, needs no library path.

UDB_DIR := $(BUILD)/udb
UDB := $(UDB_DIR)/udb
UDB_SRCS := $(wildcard $(TOP)/udb/*.c)
UDB_OBJS := $(patsubst $(TOP)/udb/%.c,$(UDB_DIR)/%.o,$(UDB_SRCS))
UDB_PKGS := libseccomp libdw libelf capstone readline
UDB_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -I$(TOP)/udb
UDB_LIBS = $(shell pkg-config --libs $(UDB_PKGS) 2>/dev/null || echo -lseccomp -ldw -lelf -lcapstone -lreadline)
UDB_TARGETS := $(UDB)

$(UDB_DIR)/%.o: $(TOP)/udb/%.c $(wildcard $(TOP)/udb/*.h) $(TOP)/include/utracer.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(UDB_CFLAGS) $(shell pkg-config --cflags $(UDB_PKGS) 2>/dev/null) -c -o $@ $<

$(UDB): $(UDB_OBJS) $(LIB_A)
	$(call msg,LD,$(@:$(BUILD)/%=%))
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UDB_OBJS) $(LIB_A) $(UDB_LIBS)
