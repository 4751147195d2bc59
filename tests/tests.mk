# SPDX-License-Identifier: GPL-2.0
#
# Test programs: tests/<group>/NAME.c becomes build/tests/<group>/NAME for
# the groups host (run on the host) and vm (run in the guest); helpers
# shared by tests live in tests/common and are linked into every program.
# tests/progs/NAME.c are tracee programs (no test verdict of their own),
# built into build/tests/progs/NAME.

TEST_DIR := $(BUILD)/tests
TEST_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -I$(TOP)/tests/common -pthread
TEST_COMMON_SRCS := $(wildcard $(TOP)/tests/common/*.c)
TEST_COMMON_OBJS := $(patsubst $(TOP)/tests/common/%.c,$(TEST_DIR)/common/%.o,$(TEST_COMMON_SRCS))
TEST_HDRS := $(wildcard $(TOP)/tests/common/*.h) $(TOP)/include/utracer.h \
	$(TOP)/include/uapi/linux/utracer.h
TEST_PROGS := $(foreach g,host vm progs,\
	$(patsubst $(TOP)/tests/$(g)/%.c,$(TEST_DIR)/$(g)/%,$(wildcard $(TOP)/tests/$(g)/*.c)))

$(TEST_DIR)/common/%.o: $(TOP)/tests/common/%.c $(TEST_HDRS)
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

# One rule per group: a pattern rule with several targets is a grouped
# rule to make, so host/NAME and vm/NAME would count as made together.
define test_group_rule
$(TEST_DIR)/$(1)/%: $(TOP)/tests/$(1)/%.c $(TEST_COMMON_OBJS) $(LIB_A) $(TEST_HDRS)
	$$(call msg,CC,$$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(CFLAGS) $$(TEST_CFLAGS) -o $$@ $$< $$(TEST_COMMON_OBJS) $$(LIB_A)
endef
$(foreach g,host vm,$(eval $(call test_group_rule,$(g))))

# Tracees are plain programs: no library, so that nothing of ours runs in them.
$(TEST_DIR)/progs/%: $(TOP)/tests/progs/%.c
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(BASE_CFLAGS) -pthread -o $@ $<

# Frame pointers and no unwind tables: backtraces must use the FP chain.
$(TEST_DIR)/progs/nocfi: CFLAGS += -O0 -g0 -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-unwind-tables

# gdb's tests read arguments and locals: no optimization, full debug info.
$(TEST_DIR)/progs/gdb-target: CFLAGS += -O0 -g

test-progs: $(TEST_PROGS)

# The shared test objects are not intermediates: keep them between links.
.SECONDARY: $(TEST_COMMON_OBJS)
