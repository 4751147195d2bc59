# SPDX-License-Identifier: GPL-2.0
#
# libutracer: build/lib/libutracer.so.$(LIB_VERSION) (soname
# libutracer.so.$(LIB_MAJOR), symbol versions from lib/libutracer.map),
# build/lib/libutracer.a and build/lib/libutracer.pc.
#
# install-lib / uninstall-lib: the header, the shared library with its
# links, the archive, the pkg-config file and the library's man pages
# (man/utracer_*.3, man/libutracer.7) under $(DESTDIR)$(PREFIX).

# The soname's major number changes only when the ABI breaks; the file's
# version is the release's (VERSION).
LIB_MAJOR := 0
LIB_VERSION := $(UTRACER_VERSION)
LIB_DIR := $(BUILD)/lib
LIB_SRCS := $(wildcard $(TOP)/lib/*.c)
LIB_PIC_OBJS := $(patsubst $(TOP)/lib/%.c,$(LIB_DIR)/pic/%.o,$(LIB_SRCS))
LIB_OBJS := $(patsubst $(TOP)/lib/%.c,$(LIB_DIR)/static/%.o,$(LIB_SRCS))
LIB_SO := $(LIB_DIR)/libutracer.so.$(LIB_VERSION)
LIB_A := $(LIB_DIR)/libutracer.a
LIB_PC := $(LIB_DIR)/libutracer.pc
# The examples, linked to the archive: run by the VM tests. (The examples'
# own Makefile builds them against an installed copy through pkg-config.)
LIB_EXAMPLES := $(patsubst $(TOP)/examples/%.c,$(BUILD)/examples/%,$(wildcard $(TOP)/examples/*.c))
LIB_TARGETS := $(LIB_SO) $(LIB_DIR)/libutracer.so $(LIB_A) $(LIB_PC) $(LIB_EXAMPLES)
LIB_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -fvisibility=hidden \
	-DLIBUTRACER_VERSION='"$(LIB_VERSION)"'
LIB_HDRS := $(TOP)/include/utracer.h $(wildcard $(TOP)/include/uapi/linux/*.h) \
	$(wildcard $(TOP)/lib/*.h)

$(LIB_DIR)/pic/%.o: $(TOP)/lib/%.c $(LIB_HDRS) $(TOP)/VERSION
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LIB_CFLAGS) -fPIC -c -o $@ $<

$(LIB_DIR)/static/%.o: $(TOP)/lib/%.c $(LIB_HDRS) $(TOP)/VERSION
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(LIB_SO): $(LIB_PIC_OBJS) $(TOP)/lib/libutracer.map
	$(call msg,LD,$(@:$(BUILD)/%=%))
	$(Q)$(CC) $(LDFLAGS) -shared -Wl,-soname,libutracer.so.$(LIB_MAJOR) \
		-Wl,--version-script=$(TOP)/lib/libutracer.map -Wl,-z,defs \
		-o $@ $(LIB_PIC_OBJS)

$(LIB_DIR)/libutracer.so: $(LIB_SO)
	$(Q)ln -sf $(notdir $<) $@
	$(Q)ln -sf $(notdir $<) $(LIB_DIR)/libutracer.so.$(LIB_MAJOR)

$(BUILD)/examples/%: $(TOP)/examples/%.c $(LIB_A) $(TOP)/include/utracer.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(BASE_CFLAGS) -I$(TOP)/include -o $@ $< $(LIB_A)

$(LIB_A): $(LIB_OBJS)
	$(call msg,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && $(AR) rcs $@ $^

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

$(LIB_PC): $(TOP)/lib/libutracer.pc.in FORCE
	$(Q)mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(LIB_VERSION)|' $< >$@.tmp && \
		{ cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@; }

# --- install ----------------------------------------------------------------
LIB_MAN3 := $(wildcard $(TOP)/man/utracer_*.3)
LIB_MAN7 := $(TOP)/man/libutracer.7
INSTALL ?= install

.PHONY: install-lib uninstall-lib
install-lib: $(LIB_SO) $(LIB_DIR)/libutracer.so $(LIB_A) $(LIB_PC)
	$(call msg,INSTALL,libutracer to $(DESTDIR)$(PREFIX))
	$(Q)$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	$(Q)$(INSTALL) -m 644 $(TOP)/include/utracer.h $(DESTDIR)$(INCLUDEDIR)/utracer.h
	$(Q)$(INSTALL) -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	$(Q)ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/libutracer.so.$(LIB_MAJOR)
	$(Q)ln -sf libutracer.so.$(LIB_MAJOR) $(DESTDIR)$(LIBDIR)/libutracer.so
	$(Q)$(INSTALL) -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	$(Q)$(INSTALL) -m 644 $(LIB_PC) $(DESTDIR)$(LIBDIR)/pkgconfig/
	$(Q)$(call install_man,$(LIB_MAN3),$(DESTDIR)$(MANDIR)/man3)
	$(Q)$(call install_man,$(LIB_MAN7),$(DESTDIR)$(MANDIR)/man7)

uninstall-lib:
	$(call msg,UNINSTALL,libutracer from $(DESTDIR)$(PREFIX))
	$(Q)rm -f $(DESTDIR)$(INCLUDEDIR)/utracer.h \
		$(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO)) \
		$(DESTDIR)$(LIBDIR)/libutracer.so.$(LIB_MAJOR) \
		$(DESTDIR)$(LIBDIR)/libutracer.so \
		$(DESTDIR)$(LIBDIR)/libutracer.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/libutracer.pc \
		$(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(LIB_MAN3))) \
		$(DESTDIR)$(MANDIR)/man7/libutracer.7
