# SPDX-License-Identifier: GPL-2.0
#
# The language bindings (bindings/), built into build/bindings/:
#   java/utracer.jar          package org.utracer (javac from $(JAVA_HOME))
#   java/libutracer-jni.so    its JNI library, linked to build/lib/libutracer.so.0
#   java/examples/, java/test-classes/   SyscallCount, the JUnit 4 tests
# The Python package (bindings/python/utracer) is pure ctypes: nothing to
# build; it loads build/lib/libutracer.so.0 from the tree.

JAVA_HOME ?= /usr/lib/jvm/java-17-openjdk-amd64
JAVAC := $(JAVA_HOME)/bin/javac
JAR := $(JAVA_HOME)/bin/jar
JUNIT_CP := /usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar
BIND_JAVA := $(BUILD)/bindings/java
JAVA_SRCS := $(wildcard $(TOP)/bindings/java/src/org/utracer/*.java)
JAVA_TEST_SRCS := $(wildcard $(TOP)/bindings/java/test/org/utracer/*.java)
JAVA_EXAMPLE_SRCS := $(wildcard $(TOP)/bindings/java/examples/org/utracer/examples/*.java)
JAVA_JAR := $(BIND_JAVA)/utracer.jar
JAVA_JNI := $(BIND_JAVA)/libutracer-jni.so
JAVA_STAMPS := $(BIND_JAVA)/.examples-stamp $(BIND_JAVA)/.tests-stamp
BINDINGS_TARGETS := $(JAVA_JAR) $(JAVA_JNI) $(JAVA_STAMPS)
JNI_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -I$(BIND_JAVA)/include \
	-I$(JAVA_HOME)/include -I$(JAVA_HOME)/include/linux -fPIC -fvisibility=hidden

# javac -h writes the JNI header next to the classes; the jar holds the classes.
$(BIND_JAVA)/.classes-stamp: $(JAVA_SRCS)
	$(call msg,JAVAC,$(@D:$(BUILD)/%=%)/classes)
	$(Q)rm -rf $(BIND_JAVA)/classes $(BIND_JAVA)/include && mkdir -p $(BIND_JAVA)/classes
	$(Q)$(JAVAC) -Xlint:all -Werror --release 17 -d $(BIND_JAVA)/classes \
		-h $(BIND_JAVA)/include $(JAVA_SRCS)
	$(Q)touch $@

$(BIND_JAVA)/include/org_utracer_Native.h: $(BIND_JAVA)/.classes-stamp

$(JAVA_JAR): $(BIND_JAVA)/.classes-stamp
	$(call msg,JAR,$(@:$(BUILD)/%=%))
	$(Q)$(JAR) --create --file $@ -C $(BIND_JAVA)/classes .

$(JAVA_JNI): $(TOP)/bindings/java/native/utracer_jni.c $(BIND_JAVA)/.classes-stamp \
		$(LIB_DIR)/libutracer.so $(TOP)/include/utracer.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)$(CC) $(CFLAGS) $(JNI_CFLAGS) -shared -Wl,-z,defs -o $@ $< \
		-L$(LIB_DIR) -lutracer -lseccomp -Wl,-rpath,'$$ORIGIN/../../lib'

$(BIND_JAVA)/.examples-stamp: $(JAVA_EXAMPLE_SRCS) $(JAVA_JAR)
	$(call msg,JAVAC,$(@D:$(BUILD)/%=%)/examples)
	$(Q)rm -rf $(BIND_JAVA)/examples && mkdir -p $(BIND_JAVA)/examples
	$(Q)$(JAVAC) -Xlint:all -Werror --release 17 -cp $(JAVA_JAR) -d $(BIND_JAVA)/examples \
		$(JAVA_EXAMPLE_SRCS)
	$(Q)touch $@

$(BIND_JAVA)/.tests-stamp: $(JAVA_TEST_SRCS) $(JAVA_JAR)
	$(call msg,JAVAC,$(@D:$(BUILD)/%=%)/test-classes)
	$(Q)rm -rf $(BIND_JAVA)/test-classes && mkdir -p $(BIND_JAVA)/test-classes
	$(Q)$(JAVAC) -Xlint:all -Werror --release 17 -cp $(JAVA_JAR):$(JUNIT_CP) \
		-d $(BIND_JAVA)/test-classes $(JAVA_TEST_SRCS)
	$(Q)touch $@

# --- install -------------------------------------------------------------------
# install-bindings (part of `make install`), under $(DESTDIR):
#   the Python package   $(PYTHONDIR)/utracer/ with utracer-<version>.dist-info
#                        (Debian's layout: /usr/lib/python3/dist-packages for
#                        PREFIX=/usr, else PREFIX/lib/python3.X/dist-packages,
#                        where Debian's python3 looks for local packages)
#   the jar              $(JAVADIR)/utracer-<version>.jar and the link
#                        utracer.jar (Debian's Java policy)
#   the JNI library      $(JNIDIR)/libutracer-jni.so, linked with LDFLAGS and
#                        without the build tree's rpath (libutracer.so.0
#                        comes from LIBDIR through the loader)
# bindings-dist builds the installed files (no JUnit, no examples).
PYTHON3 ?= /usr/bin/python3
PYTHONDIR ?= $(if $(filter /usr,$(PREFIX)),$(PREFIX)/lib/python3/dist-packages,$(PREFIX)/lib/python$(shell $(PYTHON3) -c 'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages)
JAVADIR ?= $(PREFIX)/share/java
JNIDIR ?= $(LIBDIR)/jni
PY_FILES := $(wildcard $(TOP)/bindings/python/utracer/*.py) $(TOP)/bindings/python/utracer/py.typed
PY_DISTINFO := utracer-$(UTRACER_VERSION).dist-info
JAVA_JNI_DIST := $(BIND_JAVA)/dist/libutracer-jni.so

.PHONY: bindings-dist install-bindings uninstall-bindings
bindings-dist: $(JAVA_JAR) $(JAVA_JNI_DIST)

$(JAVA_JNI_DIST): $(TOP)/bindings/java/native/utracer_jni.c $(BIND_JAVA)/.classes-stamp \
		$(LIB_DIR)/libutracer.so $(TOP)/include/utracer.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(JNI_CFLAGS) $(LDFLAGS) -shared -Wl,-z,defs -o $@ $< \
		-L$(LIB_DIR) -lutracer -lseccomp

install-bindings: bindings-dist
	$(call msg,INSTALL,bindings to $(DESTDIR)$(PREFIX))
	$(Q)$(INSTALL) -d $(DESTDIR)$(PYTHONDIR)/utracer $(DESTDIR)$(PYTHONDIR)/$(PY_DISTINFO) \
		$(DESTDIR)$(JAVADIR) $(DESTDIR)$(JNIDIR)
	$(Q)$(INSTALL) -m 644 $(PY_FILES) $(DESTDIR)$(PYTHONDIR)/utracer/
	$(Q)printf 'Metadata-Version: 2.1\nName: utracer\nVersion: %s\nSummary: %s\nLicense: LGPL-2.1-or-later OR MIT\nRequires-Python: >=3.9\n' \
		'$(UTRACER_VERSION)' 'Process tracing through the utracer kernel module (ctypes over libutracer)' \
		>$(DESTDIR)$(PYTHONDIR)/$(PY_DISTINFO)/METADATA
	$(Q)chmod 644 $(DESTDIR)$(PYTHONDIR)/$(PY_DISTINFO)/*
	$(Q)$(INSTALL) -m 644 $(JAVA_JAR) $(DESTDIR)$(JAVADIR)/utracer-$(UTRACER_VERSION).jar
	$(Q)ln -sf utracer-$(UTRACER_VERSION).jar $(DESTDIR)$(JAVADIR)/utracer.jar
	$(Q)$(INSTALL) -m 644 $(JAVA_JNI_DIST) $(DESTDIR)$(JNIDIR)/

uninstall-bindings:
	$(call msg,UNINSTALL,bindings from $(DESTDIR)$(PREFIX))
	$(Q)rm -rf $(DESTDIR)$(PYTHONDIR)/utracer $(DESTDIR)$(PYTHONDIR)/$(PY_DISTINFO)
	$(Q)rm -f $(DESTDIR)$(JAVADIR)/utracer-$(UTRACER_VERSION).jar $(DESTDIR)$(JAVADIR)/utracer.jar \
		$(DESTDIR)$(JNIDIR)/libutracer-jni.so
