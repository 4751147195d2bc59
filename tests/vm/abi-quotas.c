// SPDX-License-Identifier: GPL-2.0
/*
 * Description: what one user and one client may take is bounded, by module
 * parameters under /sys/module/utracer/parameters, each limit with its
 * error. max_user_clients: with it at 2 and two clients of uid 0 alive, a
 * third REGISTER of uid 0 fails with EMFILE while uid 65534 still
 * registers; once one client ends, uid 0 registers again. max_queue_bytes:
 * a queue_limit above it is EINVAL, at it accepted; set below the 4 KiB
 * minimum, the default queue is the minimum (ten syscall records of a
 * lossy attachment arrive, none lost). max_attachments: with
 * it at 2, a third ATTACH fails with ENOSPC, and works again once a tracee
 * is detached; a process followed with FOLLOW_FORK at the limit forks a
 * child that is not followed (its CLONE record says FAILED). Event memory
 * is charged to the client's memory cgroup: in a cgroup with memory.max
 * 8 MiB, REGISTER of a 64 MiB queue fails with ENOMEM (the ring is
 * allocated at REGISTER, in the cgroup), one of 2 MiB works and raises
 * the cgroup's memory.current by at least the ring's 2 MiB; its lossy
 * tracee's 200,000 syscalls, never read, lose events and never hold it up.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define PARAMS "/sys/module/utracer/parameters/"
#define CG "/tmp/utracer-cg-quotas"
#define CG_DIR CG "/utracer-quotas"
#define TMO 10000

static const char *const params[] = { "max_user_clients", "max_queue_bytes", "max_attachments" };
static char saved[3][32];

static int param_write(const char *name, const char *value)
{
	char path[128];
	int fd, ok;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok ? 0 : -1;
}

static int param_read(const char *name, char *buf, size_t size)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static void params_restore(void)
{
	for (size_t i = 0; i < 3; i++)
		if (saved[i][0])
			param_write(params[i], saved[i]);
}

/* A child that registers a client and holds it until its stdin closes: its pid. */
static pid_t client_holder(uid_t uid, int *hold)
{
	int p[2], r[2];
	pid_t pid;
	char c;

	if (pipe(p) || pipe(r))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		struct uabi_client cl;
		char ok;

		close(p[1]);
		close(r[0]);
		if (uid && setresuid(uid, uid, uid))
			_exit(2);
		ok = uabi_register(&cl) == 0 ? 'y' : 'n';
		if (write(r[1], &ok, 1) != 1)
			_exit(2);
		while (read(p[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	close(r[1]);
	if (read(r[0], &c, 1) != 1 || c != 'y') {
		close(r[0]);
		close(p[1]);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(r[0]);
	*hold = p[1];
	return pid;
}

static void end_holder(pid_t pid, int hold)
{
	close(hold);
	waitpid(pid, NULL, 0);
}

/* In a child of uid: whether REGISTER works, else its errno. */
static int try_register(uid_t uid)
{
	pid_t pid = fork();
	int status;

	if (!pid) {
		struct uabi_client cl;

		if (uid && setresuid(uid, uid, uid))
			_exit(100);
		_exit(uabi_register(&cl) == 0 ? 0 : errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_user_clients(void)
{
	int h1, h2;
	pid_t c1, c2;

	CHECK(param_write("max_user_clients", "2") == 0, "set max_user_clients");
	c1 = client_holder(0, &h1);
	c2 = client_holder(0, &h2);
	CHECK(c1 > 0 && c2 > 0, "two clients of uid 0 under a limit of 2");
	CHECK(try_register(0) == EMFILE, "a third client of uid 0: want EMFILE");
	CHECK(try_register(65534) == 0, "a client of uid 65534 while uid 0 is at its limit");
	if (c2 > 0)
		end_holder(c2, h2);
	CHECK(try_register(0) == 0, "uid 0 registers again once one of its clients ended");
	if (c1 > 0)
		end_holder(c1, h1);
	CHECK(param_write("max_user_clients", "0") == 0, "set max_user_clients 0");
	CHECK(try_register(65534) == EMFILE, "max_user_clients 0: want EMFILE");
	CHECK(param_write("max_user_clients", saved[0]) == 0, "restore max_user_clients");
}

/*
 * A child that makes @calls getppid() syscalls once a byte comes on *@go
 * (the write end, the caller's to close): its pid, or -1.
 */
static pid_t syscaller(int calls, int *go)
{
	int p[2];
	pid_t t;

	if (pipe(p))
		return -1;
	t = fork();
	if (!t) {
		char x;

		close(p[1]);
		if (read(p[0], &x, 1) != 1)
			_exit(1);
		for (int i = 0; i < calls; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return t;
}

static void test_queue_bytes(void)
{
	struct uabi_client c;

	CHECK(param_write("max_queue_bytes", "65536") == 0, "set max_queue_bytes");
	errno = 0;
	CHECK(uabi_register_queue(&c, 65537) == -1 && errno == EINVAL,
	      "queue_limit above max_queue_bytes: got errno %d, want EINVAL", errno);
	CHECK(uabi_register_queue(&c, 65536) == 0, "queue_limit at max_queue_bytes: %s",
	      strerror(errno));
	uabi_close(&c);
	/* Below the minimum, the default queue is the minimum, not nothing. */
	CHECK(param_write("max_queue_bytes", "100") == 0, "set max_queue_bytes 100");
	errno = 0;
	CHECK(uabi_register_queue(&c, 4096) == -1 && errno == EINVAL,
	      "queue_limit 4096 above max_queue_bytes 100: got errno %d, want EINVAL", errno);
	if (uabi_register_queue(&c, 0) == 0) {
		int go = -1, status, exits = 0, lost = 0;
		char ev[256];
		pid_t t = syscaller(10, &go);

		CHECK(t > 0, "fork");
		CHECK_OK(uabi_attach(&c, t, UTRACER_ATTACH_LOSSY,
				     UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT), 0));
		CHECK(write(go, "g", 1) == 1, "go");
		close(go);
		waitpid(t, &status, 0);
		while (uabi_next_event(&c, ev, sizeof(ev), 500) > 0) {
			struct utracer_event *h = (struct utracer_event *)ev;

			exits += h->type == UTRACER_EV_SYSCALL_EXIT;
			lost += h->type == UTRACER_EV_LOST;
		}
		CHECK(exits >= 10 && !lost,
		      "default queue under max_queue_bytes 100: %d exits, %d LOST records", exits, lost);
		uabi_close(&c);
	} else {
		CHECK(0, "default queue under max_queue_bytes 100: %s", strerror(errno));
	}
	CHECK(param_write("max_queue_bytes", saved[1]) == 0, "restore max_queue_bytes");
}

/* A child that sleeps until killed, or forks once when its stdin gets a byte. */
static pid_t sleeper(int *in)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (!pid) {
		char c;

		close(p[1]);
		while (read(p[0], &c, 1) == 1) {
			pid_t k = fork();

			if (!k)
				_exit(0);
			waitpid(k, NULL, 0);
		}
		pause();
		_exit(0);
	}
	close(p[0]);
	*in = p[1];
	return pid;
}

static void test_attachments(void)
{
	int in[3];
	pid_t s[3];
	struct uabi_client c;
	struct utracer_ev_clone clone;
	int ok = 0, i;
	long long end;

	for (i = 0; i < 3; i++)
		s[i] = sleeper(&in[i]);
	CHECK(uabi_register(&c) == 0, "register");
	CHECK(param_write("max_attachments", "2") == 0, "set max_attachments");
	CHECK_OK(uabi_attach(&c, s[0], UTRACER_ATTACH_FOLLOW_FORK,
			     UTRACER_EVMASK(UTRACER_EV_CLONE), 0));
	CHECK_OK(uabi_attach(&c, s[1], 0, 0, 0));
	CHECK_ERR(uabi_attach(&c, s[2], 0, 0, 0), ENOSPC);
	/* At the limit, s[0]'s child is not followed. */
	CHECK(write(in[0], "f", 1) == 1, "fork");
	CHECK(uabi_wait_event(&c, UTRACER_EV_CLONE, s[0], &clone, sizeof(clone), TMO),
	      "no CLONE of s[0]");
	CHECK(!(clone.follow & UTRACER_CLONE_F_FOLLOWED) && (clone.follow & UTRACER_CLONE_F_FAILED),
	      "CLONE at max_attachments: follow %#x, want FAILED", clone.follow);
	/* A detach frees its place (once the engine is released, after RCU). */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, s[1], 0));
	for (end = uabi_now_ms() + TMO; uabi_now_ms() < end; usleep(10000))
		if (uabi_attach(&c, s[2], 0, 0, 0) == 0) {
			ok = 1;
			break;
		}
	CHECK(ok, "ATTACH after a detach under max_attachments: %s", strerror(errno));
	CHECK(param_write("max_attachments", saved[2]) == 0, "restore max_attachments");
	uabi_close(&c);
	for (i = 0; i < 3; i++) {
		close(in[i]);
		kill(s[i], SIGKILL);
		waitpid(s[i], NULL, 0);
	}
}

static unsigned long long get_ull(const char *path)
{
	unsigned long long v = 0;
	FILE *f = fopen(path, "re");

	if (!f || fscanf(f, "%llu", &v) != 1)
		fprintf(stderr, "cannot read %s\n", path);
	if (f)
		fclose(f);
	return v;
}

static int put(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok ? 0 : -1;
}

#define CALLS 200000
#define MEMCG_MAX (8 << 20)

/* The client of the memory-cgroup case, in a child: exits with its failures. */
static void memcg_client(void)
{
	char ev[4096], me[16];
	struct uabi_client c;
	unsigned long long queued = 0, lost = 0, before, after;
	int go = -1, status, n;
	pid_t t;

	uabi_failures = 0;	/* this child's own verdict, not the parent's so far */
	t = syscaller(CALLS, &go);
	CHECK(t > 0, "fork");
	snprintf(me, sizeof(me), "%d", (int)getpid());
	CHECK(put(CG_DIR "/cgroup.procs", me) == 0, "join the cgroup: %s", strerror(errno));
	errno = 0;
	CHECK(uabi_register_queue(&c, 64 << 20) < 0 && errno == ENOMEM,
	      "a 64 MiB ring in an 8 MiB cgroup: got errno %d, want ENOMEM", errno);
	before = get_ull(CG_DIR "/memory.current");
	CHECK(uabi_register_queue(&c, 2 << 20) == 0, "register: %s", strerror(errno));
	after = get_ull(CG_DIR "/memory.current");
	fprintf(stderr, "memcg case: memory.current %llu before REGISTER, %llu after\n",
		before, after);
	CHECK(after >= before + (2 << 20), "a 2 MiB ring raised memory.current by %lld bytes",
	      (long long)(after - before));
	CHECK_OK(uabi_attach(&c, t, UTRACER_ATTACH_LOSSY,
			     UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT), 0));
	CHECK(write(go, "g", 1) == 1, "go");
	CHECK(waitpid(t, &status, 0) == t && WIFEXITED(status) && !WEXITSTATUS(status),
	      "the tracee did not run to its end");
	while ((n = uabi_next_event(&c, ev, sizeof(ev), 1000)) > 0) {
		struct utracer_event *h = (struct utracer_event *)ev;

		if (h->type == UTRACER_EV_LOST)
			lost += ((struct utracer_ev_lost *)ev)->count;
		else if (h->type == UTRACER_EV_SYSCALL_EXIT)
			queued += h->size;
	}
	fprintf(stderr, "memcg case: %llu bytes of records queued, %llu events lost\n", queued,
		lost);
	CHECK(lost > 0, "no event lost by a lossy tracee never read");
	CHECK(queued <= (2 << 20), "%llu bytes queued in a 2 MiB ring", queued);
	uabi_close(&c);
	exit(uabi_failures ? 1 : 0);
}

static void test_memcg(void)
{
	char max[32];
	int status;
	pid_t pid;

	mkdir(CG, 0755);
	if (mount("cgroup2", CG, "cgroup2", 0, NULL)) {
		fprintf(stderr, "no cgroup v2 (%s): memory cgroup case skipped\n", strerror(errno));
		return;
	}
	if (put(CG "/cgroup.subtree_control", "+memory")) {
		fprintf(stderr, "no memory controller (%s): memory cgroup case skipped\n",
			strerror(errno));
		umount(CG);
		return;
	}
	CHECK(mkdir(CG_DIR, 0755) == 0 || errno == EEXIST, "mkdir %s", CG_DIR);
	snprintf(max, sizeof(max), "%d", MEMCG_MAX);
	CHECK(put(CG_DIR "/memory.max", max) == 0, "memory.max: %s", strerror(errno));
	pid = fork();
	if (!pid)
		memcg_client();
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      !WEXITSTATUS(status), "the memory cgroup case failed");
	rmdir(CG_DIR);
	umount(CG);
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	for (size_t i = 0; i < 3; i++)
		if (param_read(params[i], saved[i], sizeof(saved[i]))) {
			fprintf(stderr, "no parameter %s\n", params[i]);
			return FAIL;
		}
	atexit(params_restore);
	test_user_clients();
	test_queue_bytes();
	test_attachments();
	test_memcg();
	return uabi_failures ? FAIL : PASS;
}
