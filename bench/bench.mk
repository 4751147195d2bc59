# SPDX-License-Identifier: GPL-2.0
#
# The benchmark programs: bench/NAME.c becomes build/bench/bin/NAME.
# bench-loop is the tracee and links nothing of ours; the others are
# clients of libutracer (the static archive, so that they run from the
# build tree). `make bench` (bench/run) runs them in the VM; make check
# runs them with tiny counts for correctness (tests/vm/bench-*.sh).
# B7's workload is bench/bench-build, a script; it compiles what
# $(BENCH_BUILD_ARGS) names.

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

# B7's build: udb's compiler, the flags of udb.mk that say what the
# sources mean (-std, -I, -D; not the optimisation, debug information or
# warnings), then its sources, one word a line (bench/bench-build reads
# it); rewritten only when any of them changed.
BENCH_BUILD_ARGS := $(BENCH_DIR)/udb-build.args
$(BENCH_BUILD_ARGS): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' $(CC) $(filter -std=% -I% -D%,$(CFLAGS) $(UDB_CFLAGS) \
		$(shell pkg-config --cflags $(UDB_PKGS) 2>/dev/null)) -- $(UDB_SRCS) >$@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

bench-progs: $(BENCH_PROGS) $(BENCH_BUILD_ARGS)
