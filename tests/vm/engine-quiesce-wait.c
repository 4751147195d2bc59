// SPDX-License-Identifier: GPL-2.0
/*
 * Description: QUIESCE with UTRACER_TARGET_WAIT. The feature bit is
 * announced; the flag is refused with RUN and DETACH, and with an unknown
 * flag beside it, changing nothing. On a spinning process it returns with
 * the thread stopped (counter frozen, state STOPPED, registers readable),
 * at once when already stopped, and queues no STOP record; a QUIESCE
 * without the flag still does. On a thread in a job-control stop (which
 * cannot stop for us until continued) the wait ends with ECANCELED when
 * RUN releases the hold (no STOP record after SIGCONT), with EINTR on a
 * signal to the waiter (the stop is then reported by a STOP record after
 * SIGCONT), with ESRCH when the tracee is killed by SIGKILL meanwhile. A
 * thread waiting in vfork() (which cannot stop for us) gives ESRCH when
 * its process calls exit_group() during the wait.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elf.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static volatile uint64_t *counter;
static struct uabi_client c;

/* A child keeps no descriptor of the client (it would outlive the test). */
static void close_client_fds(void)
{
	close(c.control);
	close(c.cmd);
	close(c.resp);
}

static pid_t spawn_spinner(void)
{
	pid_t pid;

	*counter = 0;
	pid = fork();
	if (pid == 0) {
		close_client_fds();
		for (;;)
			(*counter)++;
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	if (pid < 0)
		exit(1);
	while (!*counter)
		usleep(1000);
	return pid;
}

static int counter_moves(void)
{
	uint64_t before = *counter;

	for (int i = 0; i < 500; i++) {
		usleep(2000);
		if (*counter != before)
			return 1;
	}
	return 0;
}

static int counter_frozen(void)
{
	uint64_t before = *counter;

	usleep(50000);
	return *counter == before;
}

static int state_of(pid_t pid)
{
	struct utracer_check_pid cp = { .size = sizeof(cp), .pid = pid };

	if (ioctl(c.cmd, UTRACER_IOC_CHECK_PID, &cp))
		return -1;
	return (int)cp.info.state;
}

/* No record at all within @ms: no event is enabled, so none may come. */
static int no_record(int ms)
{
	char ev[4096];

	return uabi_next_event(&c, ev, sizeof(ev), ms) == 0;
}

struct waiter {
	pthread_t thread;
	pid_t pid;
	uint32_t flags;
	volatile int done;
	int ret;
	int err;
};

static void *wait_fn(void *arg)
{
	struct waiter *w = arg;

	w->ret = uabi_target(&c, UTRACER_IOC_QUIESCE, w->pid, UTRACER_TARGET_WAIT | w->flags);
	w->err = errno;
	w->done = 1;
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* SIGSTOP @pid (our child) and start a waiter on it; it must block. */
static void stop_and_wait(struct waiter *w, pid_t pid)
{
	int st;

	CHECK_OK(kill(pid, SIGSTOP));
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "not stopped: %x", st);
	memset(w, 0, sizeof(*w));
	w->pid = pid;
	CHECK(pthread_create(&w->thread, NULL, wait_fn, w) == 0, "pthread_create");
	usleep(200000);
	CHECK(!w->done, "QUIESCE WAIT on a job-control stopped thread returned %d errno %d",
	      w->ret, w->err);
}

static void end_wait(struct waiter *w, int want)
{
	pthread_join(w->thread, NULL);
	CHECK(w->ret == -1 && w->err == want, "QUIESCE WAIT returned %d errno %d (%s), want %d",
	      w->ret, w->err, strerror(w->err), want);
}

static void test_errors(pid_t pid)
{
	fprintf(stderr, "# errors\n");
	CHECK_ERR(uabi_target(&c, UTRACER_IOC_RUN, pid, UTRACER_TARGET_WAIT), EINVAL);
	CHECK_ERR(uabi_target(&c, UTRACER_IOC_DETACH, pid, UTRACER_TARGET_WAIT), EINVAL);
	CHECK_ERR(uabi_target(&c, UTRACER_IOC_QUIESCE, pid, UTRACER_TARGET_WAIT | (1U << 2)),
		  EINVAL);
	CHECK_ERR(uabi_target(&c, UTRACER_IOC_QUIESCE, getpid(), UTRACER_TARGET_WAIT), ESRCH);
	/* Nothing of the refused calls happened: still attached and running. */
	CHECK(state_of(pid) == UTRACER_TASK_RUNNING, "state %d", state_of(pid));
	CHECK(counter_moves(), "the refused calls stopped it");
}

static void test_rounds(pid_t pid)
{
	static char regs[4096];

	fprintf(stderr, "# rounds\n");
	for (int round = 0; round < 3; round++) {
		uint32_t flags = round == 2 ? UTRACER_TARGET_THREAD : 0;
		struct utracer_regset_read r = {
			.size = sizeof(r), .tid = pid, .note_type = NT_PRSTATUS,
			.buf = (uintptr_t)regs, .len = sizeof(regs),
		};

		CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, pid, UTRACER_TARGET_WAIT | flags));
		CHECK(counter_frozen(), "round %d: still counting after QUIESCE WAIT", round);
		CHECK(state_of(pid) == UTRACER_TASK_STOPPED, "round %d: state %d", round,
		      state_of(pid));
		CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r));
		CHECK(r.len > 0, "round %d: regs len %llu", round, (unsigned long long)r.len);
		/* Already stopped: at once. */
		CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, pid, UTRACER_TARGET_WAIT | flags));
		CHECK(no_record(200), "round %d: a record was queued for a waited stop", round);
		CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, flags));
		CHECK(counter_moves(), "round %d: not running after RUN", round);
	}
}

static void test_plain_quiesce_reports(pid_t pid)
{
	struct utracer_ev_stop ev;

	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, pid, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, pid, &ev, sizeof(ev), TMO),
	      "no STOP record for a QUIESCE without WAIT");
	CHECK(ev.reason == UTRACER_STOP_QUIESCE, "reason %u", ev.reason);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, 0));
	CHECK(counter_moves(), "not running after RUN");
}

static void test_canceled(pid_t pid)
{
	struct waiter w;

	fprintf(stderr, "# canceled\n");

	stop_and_wait(&w, pid);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, 0));
	end_wait(&w, ECANCELED);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK(counter_moves(), "not running after RUN and SIGCONT");
	CHECK(no_record(200), "a record after a canceled wait");
}

static void test_interrupted(pid_t pid)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	struct utracer_ev_stop ev;
	struct waiter w;

	fprintf(stderr, "# interrupted\n");
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	stop_and_wait(&w, pid);
	CHECK(pthread_kill(w.thread, SIGUSR1) == 0, "pthread_kill");
	end_wait(&w, EINTR);
	/* The quiesce stays; once continued the thread stops, reported by a record. */
	CHECK_OK(kill(pid, SIGCONT));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, pid, &ev, sizeof(ev), TMO),
	      "no STOP record after an interrupted wait");
	CHECK(counter_frozen(), "not stopped after SIGCONT");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, 0));
	CHECK(counter_moves(), "not running after RUN");
}

static void test_killed(void)
{
	pid_t pid = spawn_spinner();
	struct waiter w;
	int st;

	fprintf(stderr, "# killed\n");
	CHECK_OK(uabi_attach(&c, pid, 0, 0, 0));
	stop_and_wait(&w, pid);
	CHECK_OK(kill(pid, SIGKILL));
	end_wait(&w, ESRCH);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "status %x", st);
}

static int tid_pipe[2], exit_pipe[2];

/* In the exiter: this thread waits in vfork() (a killable sleep we cannot interrupt). */
static void *vforker(void *arg)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);

	(void)arg;
	if (write(tid_pipe[1], &tid, sizeof(tid)) != sizeof(tid))
		_exit(1);
	if (vfork() == 0) {
		sleep(3);
		_exit(0);
	}
	return NULL;
}

/*
 * A thread that cannot stop for us (waiting in vfork()) exits while we wait:
 * its process calls exit_group() from another thread.
 */
static void test_exit(void)
{
	char state[64], path[64], *stat;
	struct waiter w;
	size_t len;
	pid_t pid, tid;
	int st;

	fprintf(stderr, "# exit\n");
	CHECK_OK(pipe(tid_pipe));
	CHECK_OK(pipe(exit_pipe));
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		char b;

		close_client_fds();
		if (pthread_create(&t, NULL, vforker, NULL))
			_exit(1);
		if (read(exit_pipe[0], &b, 1) != 1)
			_exit(1);
		_exit(3);
	}
	CHECK(read(tid_pipe[0], &tid, sizeof(tid)) == sizeof(tid), "no tid");
	/* Until it waits for its vfork child: state D. */
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	state[0] = 0;
	for (int i = 0; i < 500 && !state[0]; i++) {
		stat = uabi_slurp(path, &len);
		if (stat && strstr(stat, ") D "))
			strcpy(state, "D");
		free(stat);
		usleep(10000);
	}
	CHECK(state[0], "the thread did not reach vfork()");
	CHECK_OK(uabi_attach(&c, tid, UTRACER_ATTACH_THREAD, 0, 0));
	memset(&w, 0, sizeof(w));
	w.pid = tid;
	w.flags = UTRACER_TARGET_THREAD;
	CHECK(pthread_create(&w.thread, NULL, wait_fn, &w) == 0, "pthread_create");
	usleep(200000);
	CHECK(!w.done, "QUIESCE WAIT on a thread in vfork() returned %d errno %d", w.ret, w.err);
	CHECK(write(exit_pipe[1], "x", 1) == 1, "write");
	end_wait(&w, ESRCH);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3,
	      "status %x", st);
	close(tid_pipe[0]);
	close(tid_pipe[1]);
	close(exit_pipe[0]);
	close(exit_pipe[1]);
}

int main(void)
{
	struct utracer_version v = { .size = sizeof(v) };
	pid_t pid;
	int st;

	if (!uabi_available())
		return 77;
	counter = mmap(NULL, sizeof(*counter), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(counter != MAP_FAILED, "mmap");
	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_QUIESCE_WAIT, "features %llx",
	      (unsigned long long)v.features);
	pid = spawn_spinner();
	CHECK_OK(uabi_attach(&c, pid, 0, 0, 0));
	test_errors(pid);
	test_rounds(pid);
	test_plain_quiesce_reports(pid);
	test_rounds(pid);
	test_canceled(pid);
	test_interrupted(pid);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	test_killed();
	test_exit();
	uabi_close(&c);
	return uabi_failures ? 1 : 0;
}
