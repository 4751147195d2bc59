# SPDX-License-Identifier: GPL-2.0
#
# The benchmark programs: bench/NAME.c becomes build/bench/bin/NAME.
# bench-loop is the tracee and links nothing of ours; the others are
# clients of libutracer (the static archive, so that they run from the
# build tree). `make bench` (bench/run) runs them in the VM; make check
# runs them with tiny counts for correctness (tests/vm/bench-*.sh).

BENCH_DIR := $(BUILD)/bench
BENCH_SRCS := $(wildcard $(TOP)/bench/*.c)
BENCH_PROGS := $(patsubst $(TOP)/bench/%.c,$(BENCH_DIR)/bin/%,$(BENCH_SRCS))
BENCH_CFLAGS := $(BASE_CFLAGS) -I$(TOP)/include -I$(TOP)/tests/common

$(BENCH_DIR)/bin/bench-loop: $(TOP)/bench/bench-loop.c $(TOP)/bench/bench.h $(TOP)/tests/common/spin-child.h
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/bin/%: $(TOP)/bench/%.c $(TOP)/bench/bench.h $(TOP)/tests/common/spin-child.h $(TOP)/include/utracer.h $(LIB_A)
	$(call msg,CC,$(@:$(BUILD)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(BENCH_CFLAGS) -o $@ $< $(LIB_A) -pthread

bench-progs: $(BENCH_PROGS)
