# SPDX-License-Identifier: GPL-2.0
#
# udb: linked against libutracer's static archive, so that it runs from
# the build tree and, once installed, needs no library path.

UDB_DIR := $(BUILD)/udb
UDB := $(UDB_DIR)/udb
UDB_SRCS := $(wildcard $(TOP)/udb/*.c)
UDB_OBJS := $(patsubst $(TOP)/udb/%.c,$(UDB_DIR)/%.o,$(UDB_SRCS))
UDB_PKGS := libseccomp libdw libelf capstone readline
UDB_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -I$(TOP)/udb -DUDB_VERSION='"$(UTRACER_VERSION)"'
UDB_LIBS = $(shell pkg-config --libs $(UDB_PKGS) 2>/dev/null || echo -lseccomp -ldw -lelf -lcapstone -lreadline)
UDB_TARGETS := $(UDB)

$(UDB_DIR)/%.o: $(TOP)/udb/%.c $(wildcard $(TOP)/udb/*.h) $(TOP)/include/utracer.h $(TOP)/VERSION
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(UDB_CFLAGS) $(shell pkg-config --cflags $(UDB_PKGS) 2>/dev/null) -c -o $@ $<

$(UDB): $(UDB_OBJS) $(LIB_A)
	$(call msg,LD,$(@:$(BUILD)/%=%))
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UDB_OBJS) $(LIB_A) $(UDB_LIBS)

# The decoder's host test links the decoder itself, not the whole of udb.
UDB_DECODER_OBJS := $(addprefix $(UDB_DIR)/,decode.o names.o strbuf.o syscalls.o)
$(BUILD)/tests/host/udb-decode: $(TOP)/tests/host/udb-decode.c $(UDB_DECODER_OBJS) $(wildcard $(TOP)/udb/*.h)
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(BASE_CFLAGS) -I$(TOP)/udb -o $@ $< $(UDB_DECODER_OBJS) \
		$(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)

# The string buffer's host test.
$(BUILD)/tests/host/udb-strbuf: $(TOP)/tests/host/udb-strbuf.c $(UDB_DIR)/strbuf.o $(TOP)/udb/strbuf.h \
		$(TOP)/tests/host/host-check.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(UDB_CFLAGS) -o $@ $< $(UDB_DIR)/strbuf.o

# The libraries-svr4 document's host test: the builder and a fake tracee.
# (It reads names with the decoder's string reader.)
UDB_SVR4_OBJS := $(UDB_DIR)/gdbserver-svr4.o $(UDB_DECODER_OBJS)
$(BUILD)/tests/host/gdbserver-svr4: $(TOP)/tests/host/gdbserver-svr4.c $(UDB_SVR4_OBJS) $(wildcard $(TOP)/udb/*.h) \
		$(TOP)/tests/host/host-check.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(UDB_CFLAGS) -o $@ $< $(UDB_SVR4_OBJS) \
		$(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)

# The osdata documents' host test (XML escaping from gdbserver-svr4.c).
UDB_OSDATA_OBJS := $(UDB_DIR)/gdbserver-osdata.o $(UDB_SVR4_OBJS)
$(BUILD)/tests/host/gdbserver-osdata: $(TOP)/tests/host/gdbserver-osdata.c $(UDB_OSDATA_OBJS) $(wildcard $(TOP)/udb/*.h) \
		$(TOP)/tests/host/host-check.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(UDB_CFLAGS) -o $@ $< $(UDB_OSDATA_OBJS) \
		$(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)

# The command table's host test links udb without its main().
UDB_NOMAIN_OBJS = $(filter-out $(UDB_DIR)/main.o,$(UDB_OBJS))
$(BUILD)/tests/host/udb-commands: $(TOP)/tests/host/udb-commands.c $(UDB_NOMAIN_OBJS) $(LIB_A) \
		$(wildcard $(TOP)/udb/*.h) $(TOP)/man/udb.1
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(UDB_CFLAGS) -DUDB_MAN_PAGE='"$(TOP)/man/udb.1"' -o $@ $< \
		$(UDB_NOMAIN_OBJS) $(LIB_A) $(UDB_LIBS)

# --- install -----------------------------------------------------------------
# BINDIR, MANDIR and INSTALL come from lib/lib.mk (included first).
.PHONY: install-udb uninstall-udb
install-udb: $(UDB)
	$(call msg,INSTALL,udb to $(DESTDIR)$(PREFIX))
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(Q)$(INSTALL) -m 755 $(UDB) $(DESTDIR)$(BINDIR)/udb
	$(Q)$(call install_man,$(TOP)/man/udb.1,$(DESTDIR)$(MANDIR)/man1)

uninstall-udb:
	$(call msg,UNINSTALL,udb from $(DESTDIR)$(PREFIX))
	$(Q)rm -f $(DESTDIR)$(BINDIR)/udb $(DESTDIR)$(MANDIR)/man1/udb.1
