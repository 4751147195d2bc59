# SPDX-License-Identifier: GPL-2.0
#
# libutracer: build/lib/libutracer.so.$(LIB_VERSION) (soname
# libutracer.so.$(LIB_MAJOR), symbol versions from lib/libutracer.map),
# build/lib/libutracer.a and build/lib/libutracer.pc.

LIB_MAJOR := 0
LIB_VERSION := $(LIB_MAJOR).1.0
LIB_DIR := $(BUILD)/lib
LIB_SRCS := $(wildcard $(TOP)/lib/*.c)
LIB_PIC_OBJS := $(patsubst $(TOP)/lib/%.c,$(LIB_DIR)/pic/%.o,$(LIB_SRCS))
LIB_OBJS := $(patsubst $(TOP)/lib/%.c,$(LIB_DIR)/static/%.o,$(LIB_SRCS))
LIB_SO := $(LIB_DIR)/libutracer.so.$(LIB_VERSION)
LIB_A := $(LIB_DIR)/libutracer.a
LIB_PC := $(LIB_DIR)/libutracer.pc
LIB_TARGETS := $(LIB_SO) $(LIB_DIR)/libutracer.so $(LIB_A) $(LIB_PC)
LIB_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -fvisibility=hidden
LIB_HDRS := $(TOP)/include/utracer.h $(TOP)/include/uapi/linux/utracer.h \
	$(wildcard $(TOP)/lib/*.h)

$(LIB_DIR)/pic/%.o: $(TOP)/lib/%.c $(LIB_HDRS)
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LIB_CFLAGS) -fPIC -c -o $@ $<

$(LIB_DIR)/static/%.o: $(TOP)/lib/%.c $(LIB_HDRS)
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
