// SPDX-License-Identifier: GPL-2.0
/*
 * bench-trace: the libutracer client of B1, B2 and B5.
 *
 *   bench-trace [--per-event] [--filter-none] [--queue BYTES] [--ready FILE]
 *               -- PROGRAM [ARG...]
 *
 * Starts PROGRAM traced with syscall entry and exit events on (lossless
 * queue, no stops) and drains every event with utracer_event_wait() and
 * utracer_event_next() until PROGRAM is gone, then prints
 *	result trace events=N syscall_entry=E syscall_exit=X getppid_entry=E
 *	       getppid_exit=X lost=L seq_gaps=G ns=T events_per_s=R
 * where ns runs from the first batch of events received to the end of the
 * last one (the clock is read once a batch, not for each event). Checks: no
 * LOST event and no gap in the sequence numbers (nothing was dropped), and
 * every syscall entry has its exit.
 *
 * It asks to be woken in batches (utracer_set_wakeup(): 64 KiB, the
 * module's default delay), as a tracer that streams events would; with
 * --per-event (or a module without batched wake-ups) it is woken for each
 * event it has caught up with.
 *
 * With --filter-none, the events are on but limited to an empty syscall set:
 * the module's filter matches nothing, like strace --seccomp-bpf -e
 * trace=none (B1's comparison of best cases); the checks still apply.
 *
 * --queue sets the client's event queue (REGISTER's queue_limit; default:
 * the module's): one that holds a whole run's records never makes the
 * tracee wait for the reader, which measures the recording alone.
 *
 * With --ready, FILE is created once PROGRAM runs traced, and bench-trace
 * drains until SIGTERM, then kills PROGRAM: B2's "another process is traced"
 * (PROGRAM is then a sleeper).
 */
#include <signal.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <utracer.h>
#include "bench.h"

static volatile sig_atomic_t terminated;

static void on_term(int sig)
{
	(void)sig;
	terminated = 1;
}

struct counts {
	uint64_t events, entries, exits, ppid_entries, ppid_exits, lost, gaps;
	uint64_t last_seq, first_ns, last_ns;
};

static void count_event(struct counts *c, const struct utracer_event_info *ev)
{
	c->events++;
	if (c->last_seq && ev->seq != c->last_seq + 1)
		c->gaps++;
	c->last_seq = ev->seq;
	switch (ev->type) {
	case UTRACER_EVENT_SYSCALL_ENTRY:
		c->entries++;
		c->ppid_entries += ev->syscall_entry.nr == SYS_getppid;
		break;
	case UTRACER_EVENT_SYSCALL_EXIT:
		c->exits++;
		c->ppid_exits += ev->syscall_exit.nr == SYS_getppid;
		break;
	case UTRACER_EVENT_LOST:
		c->lost += ev->lost.count;
		break;
	}
}

int main(int argc, char **argv)
{
	UTRACER_OPTS(utracer_attach_opts, attach,
		.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT));
	UTRACER_OPTS(utracer_spawn_opts, spawn, .attach = &attach);
	UTRACER_OPTS(utracer_open_opts, open_opts);
	struct utracer_syscall_set none;
	struct utracer_event_info ev;
	struct counts c = { 0 };
	const char *ready = NULL;
	bool per_event = false;
	struct utracer *u;
	int err, arg = 1, status;
	unsigned long queue;
	char *end;
	pid_t pid;

	for (; arg < argc && strcmp(argv[arg], "--"); arg++) {
		if (strcmp(argv[arg], "--per-event") == 0) {
			per_event = true;
		} else if (strcmp(argv[arg], "--filter-none") == 0) {
			utracer_syscall_set_zero(&none);
			attach.syscall_entry = &none;
			attach.syscall_exit = &none;
		} else if (strcmp(argv[arg], "--queue") == 0 && arg + 1 < argc) {
			errno = 0;
			queue = strtoul(argv[++arg], &end, 10);
			if (errno || *end || !queue || queue > UINT32_MAX)
				bench_fail("usage", "--queue wants a byte count, not '%s'", argv[arg]);
			open_opts.queue_limit = (uint32_t)queue;
		} else if (strcmp(argv[arg], "--ready") == 0 && arg + 1 < argc) {
			ready = argv[++arg];
		} else {
			break;
		}
	}
	if (argc < arg + 2 || strcmp(argv[arg], "--")) {
		fprintf(stderr, "usage: bench-trace [--per-event] [--filter-none] [--queue BYTES] [--ready FILE] -- PROGRAM [ARG...]\n");
		return 2;
	}
	arg++;
	signal(SIGTERM, on_term);

	u = utracer_open(&open_opts);
	if (!u)
		bench_fail("open", "%s", utracer_strerror(errno));
	if (!per_event) {
		err = utracer_set_wakeup(u, 64 << 10, 0);
		if (err < 0 && err != -EOPNOTSUPP)
			bench_fail("wakeup", "%s", utracer_strerror(err));
	}
	pid = utracer_spawn(u, argv[arg], argv + arg, &spawn);
	if (pid < 0)
		bench_fail("spawn", "%s: %s", argv[arg], utracer_strerror((int)pid));
	err = utracer_run(u, pid, 0);
	if (err < 0)
		bench_fail("run", "%s", utracer_strerror(err));
	if (ready) {
		int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0)
			bench_fail("ready", "%s: %s", ready, strerror(errno));
		close(fd);
	}

	while (!terminated) {
		err = utracer_event_wait(u, &ev, 500);
		if (err == -EAGAIN || err == -EINTR)
			continue;
		if (err < 0)
			bench_fail("event", "%s", utracer_strerror(err));
		if (!c.events)
			c.first_ns = bench_now_ns();
		/* Then everything already queued, without sleeping. */
		do {
			count_event(&c, &ev);
		} while (utracer_event_next(u, &ev) == 0);
		c.last_ns = bench_now_ns();
		if (ev.type == UTRACER_EVENT_DETACH && utracer_is_attached(u, pid) == 0)
			break;
	}
	if (terminated)
		kill(pid, SIGKILL);
	utracer_close(u);
	if (waitpid(pid, &status, 0) != pid)
		bench_fail("wait", "%s", strerror(errno));
	if (!terminated && (!WIFEXITED(status) || WEXITSTATUS(status)))
		bench_fail("tracee", "%s ended with status 0x%x", argv[arg], status);

	if (c.lost)
		bench_fail("lossless", "%llu events lost", (unsigned long long)c.lost);
	if (c.gaps)
		bench_fail("sequence", "%llu gaps in the sequence numbers",
			   (unsigned long long)c.gaps);
	bench_ok("lossless");
	/* The last syscall (exit_group) never returns; a killed one may not. */
	if (c.exits > c.entries || c.entries - c.exits > 1)
		bench_fail("pairs", "%llu syscall entries, %llu exits",
			   (unsigned long long)c.entries, (unsigned long long)c.exits);
	bench_ok("pairs");
	printf("result trace events=%llu syscall_entry=%llu syscall_exit=%llu getppid_entry=%llu getppid_exit=%llu lost=%llu seq_gaps=%llu ns=%llu events_per_s=%.0f\n",
	       (unsigned long long)c.events, (unsigned long long)c.entries,
	       (unsigned long long)c.exits, (unsigned long long)c.ppid_entries,
	       (unsigned long long)c.ppid_exits, (unsigned long long)c.lost,
	       (unsigned long long)c.gaps, (unsigned long long)(c.last_ns - c.first_ns),
	       c.last_ns > c.first_ns ?
	       (double)c.events * 1e9 / (double)(c.last_ns - c.first_ns) : 0.0);
	return 0;
}
