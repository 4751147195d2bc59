// SPDX-License-Identifier: GPL-2.0
/*
 * Description: an attach cannot race a setuid exec. An unprivileged
 * client attaches, thousands of times, to fresh processes of its own uid
 * that exec a setuid-root copy of this program at once; the client learns
 * each pid as the exec starts and attaches while it runs. Whichever comes
 * first (the attach refused on the privileged image, or granted before
 * the exec and then ended by the exec's recheck), once the setuid
 * program runs (it says so, with its euid 0), the client holds no engine
 * on it: CHECK_PID says ESRCH. Attaches that won the race are counted,
 * and some must have, or the race was not run. 2000 rounds, or as many
 * as 20 s allow (at least 100; both divided by TEST_TIMEOUT_SCALE, the
 * slowness tests/run expects of the kernel: a debug kernel's rounds are
 * slower and each checks more).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "uabi.h"

#define SUID "/tmp/utracer-exec-race-suid"
#define ROUNDS 2000
#define BUDGET_MS 20000
/*
 * Rounds a run must make for its verdict to mean something. Under TCG a
 * quiet host makes some hundreds in the budget, a loaded one (several
 * guests beside it) fewer: the time budget ends the loop, never the
 * verdict.
 */
#define MIN_ROUNDS 100

/* The setuid image: say who runs, wait for the word to exit. */
static int helper_main(void)
{
	char line[64], c;
	int n = snprintf(line, sizeof(line), "%d %d\n", (int)getpid(), (int)geteuid());

	if (write(3, line, n) != n)
		return 1;
	return read(4, &c, 1) == 1 ? 0 : 1;
}

/* Fork and exec the setuid copy @rounds times, naming each pid on @pids. */
static void exec_loop(int rounds, int pids)
{
	int i;

	for (i = 0; i < rounds; i++) {
		pid_t g = fork();

		if (g < 0)
			_exit(1);
		if (!g) {
			char *argv[] = { SUID, "helper", NULL };

			execv(SUID, argv);
			_exit(127);
		}
		if (write(pids, &g, sizeof(g)) != sizeof(g))
			_exit(1);
		waitpid(g, NULL, 0);
	}
	_exit(0);
}

static void drain(struct uabi_client *c)
{
	char ev[4096];

	while (uabi_next_event(c, ev, sizeof(ev), 0) > 0)
		;
}

static void client_side(int rounds, int min_rounds)
{
	int pids[2], ready[2], go[2], won = 0, refused = 0, other = 0, violations = 0;
	int done = 0;
	long long start = uabi_now_ms();
	struct uabi_client c;
	FILE *rf;
	pid_t loop;

	CHECK(uabi_drop_privileges() == 0, "drop privileges");
	/* setresuid() made us undumpable: the pre-exec children would be too. */
	CHECK(prctl(PR_SET_DUMPABLE, 1) == 0, "dumpable");
	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	CHECK(pipe(pids) == 0 && pipe(ready) == 0 && pipe(go) == 0, "pipes");
	loop = fork();
	if (!loop) {
		dup2(ready[1], 3);
		dup2(go[0], 4);
		close(pids[0]);
		exec_loop(rounds, pids[1]);
	}
	close(pids[1]);
	close(ready[1]);
	close(go[0]);
	rf = fdopen(ready[0], "r");
	while (done < rounds && uabi_now_ms() - start < BUDGET_MS) {
		struct utracer_check_pid cp = { .size = sizeof(cp) };
		int gpid, euid, err = 0;
		pid_t g;

		if (read(pids[0], &g, sizeof(g)) != sizeof(g))
			break;
		if (uabi_attach(&c, g, 0, 0, 0))
			err = errno;
		if (!err)
			won++;
		else if (err == EPERM)
			refused++;
		else
			other++;
		if (!rf || fscanf(rf, "%d %d", &gpid, &euid) != 2) {
			CHECK(0, "no word from the setuid program");
			break;
		}
		CHECK(gpid == g && euid == 0, "round %d: pid %d euid %d (want %d, 0)", done,
		      gpid, euid, g);
		cp.pid = g;
		if (!ioctl(c.cmd, UTRACER_IOC_CHECK_PID, &cp)) {
			violations++;
			uabi_target(&c, UTRACER_IOC_DETACH, g, 0);
		} else {
			CHECK(errno == ESRCH, "CHECK_PID: %s", strerror(errno));
		}
		CHECK(write(go[1], "x", 1) == 1, "go");
		drain(&c);
		done++;
	}
	close(go[1]);
	close(pids[0]);
	kill(loop, SIGKILL);
	waitpid(loop, NULL, 0);
	printf("%d rounds in %lld ms: attach won %d, refused %d, other %d; %d engines on the setuid image\n",
	       done, uabi_now_ms() - start, won, refused, other, violations);
	CHECK(violations == 0, "%d engines on a setuid image", violations);
	CHECK(done >= min_rounds || done == rounds, "only %d rounds of %d in %d ms (%d wanted)",
	      done, rounds, BUDGET_MS, min_rounds);
	CHECK(won > 0, "no attach came before an exec: the race was not run");
	if (rf)
		fclose(rf);
	uabi_close(&c);
}

int main(int argc, char **argv)
{
	const char *scale = getenv("TEST_TIMEOUT_SCALE");
	int slow = scale && atoi(scale) > 1 ? atoi(scale) : 1;
	int rounds = ROUNDS / slow;
	pid_t pid;
	int st;

	if (argc > 1 && !strcmp(argv[1], "helper"))
		return helper_main();
	if (!uabi_available() || getuid() != 0)
		return SKIP;
	setvbuf(stdout, NULL, _IONBF, 0);
	/* /tmp is a tmpfs mounted without nosuid in the guest (vm/guest-init). */
	CHECK(uabi_install_setuid("/proc/self/exe", SUID) == 0, "setuid copy: %s", strerror(errno));
	pid = fork();
	if (!pid) {
		client_side(rounds, MIN_ROUNDS / slow);
		_exit(uabi_failures ? 1 : 0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "the client's checks failed");
	unlink(SUID);
	return uabi_failures ? FAIL : PASS;
}
