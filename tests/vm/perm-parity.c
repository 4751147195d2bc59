// SPDX-License-Identifier: GPL-2.0
/*
 * Description: utracer's verdict is ptrace's. Each case sets up a tracer
 * (credentials, user namespace, capabilities, Yama scope, AppArmor
 * profile) and a target, then asks both: ptrace (PTRACE_ATTACH, a
 * PTRACE_PEEKDATA of a word of the target, PTRACE_DETACH) and utracer
 * (ATTACH, MEM_READ of the same word, ENV), from the same process. Both
 * must allow or both refuse, and the verdict must be the one the case is
 * built for. Cases: same uid, other uid, root target, undumpable target,
 * a target that exec'd a setuid program, a tracer in a child user
 * namespace (unprivileged and root), uid 0 without capabilities against
 * full root; with Yama, scopes 0, 1 (descendant, non-descendant,
 * PR_SET_PTRACER), 2 and, when PERM_PARITY_YAMA3=1 (scope 3 cannot be
 * undone: run it alone), 3; with AppArmor and apparmor_parser, a profile
 * that denies ptrace. The Yama scope is restored at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define SUID "/tmp/utracer-parity-suid"
#define YAMA "/proc/sys/kernel/yama/ptrace_scope"
#define AA_PROFILE "utracer-parity-deny"
#define AA_FILE "/tmp/utracer-parity.apparmor"
#define PARSER "/usr/sbin/apparmor_parser"

static volatile uint64_t secret = 0x5ec7e7;

enum tracer_kind { T_USER, T_ROOT, T_ROOT_NOCAPS, T_USERNS_USER, T_USERNS_ROOT, T_AA };
enum target_kind { G_USER, G_OTHER, G_ROOT, G_NODUMP, G_SUID, G_PTRACER };

struct pcase {
	const char *name;
	enum tracer_kind tracer;
	enum target_kind target;
	bool descendant;	/* the tracer spawns the target */
	int yama;		/* scope to set, -1: 0 when Yama exists */
	bool allow;		/* what ptrace says on this system */
};

static int saved_scope = -1;

/* Target mode: name a word, apply the setup, wait for EOF on stdin. */
static int target_main(int argc, char **argv)
{
	char c;

	if (argc > 2 && !strcmp(argv[2], "nodump"))
		prctl(PR_SET_DUMPABLE, 0);
	if (argc > 3 && !strcmp(argv[2], "ptracer"))
		prctl(PR_SET_PTRACER, atol(argv[3]));
	printf("%" PRIxPTR " %d\n", (uintptr_t)&secret, (int)geteuid());
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}

static int set_ids(uid_t uid)
{
	return setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid);
}

struct target {
	pid_t pid;
	int in, out;
	uintptr_t addr;
	int euid;
};

/* Start a target (self in target mode, or its setuid copy) as @uid. */
static int spawn_target(struct target *t, int uid, const char *exe, const char *a2,
			const char *a3)
{
	char line[128];
	int in[2], out[2];
	ssize_t n;

	if (pipe(in) || pipe(out))
		return -1;
	t->pid = fork();
	if (t->pid < 0)
		return -1;
	if (!t->pid) {
		char *argv[] = { (char *)exe, "target", (char *)a2, (char *)a3, NULL };

		dup2(in[0], 0);
		dup2(out[1], 1);
		if (uid >= 0 && set_ids(uid))
			_exit(2);
		execv(exe, argv);
		_exit(3);
	}
	close(in[0]);
	close(out[1]);
	t->in = in[1];
	t->out = out[0];
	n = read(t->out, line, sizeof(line) - 1);
	if (n <= 0)
		return -1;
	line[n] = 0;
	return sscanf(line, "%" SCNxPTR " %d", &t->addr, &t->euid) == 2 ? 0 : -1;
}

static void stop_target(struct target *t)
{
	if (t->pid <= 0)
		return;
	close(t->in);
	close(t->out);
	kill(t->pid, SIGKILL);
	waitpid(t->pid, NULL, 0);
	t->pid = 0;
}

/* ptrace's verdict: 0 or the errno of the first refusal. */
static int ptrace_verdict(const struct target *t)
{
	int st, err = 0;
	long word;

	if (ptrace(PTRACE_ATTACH, t->pid, 0, 0))
		return errno;
	if (waitpid(t->pid, &st, __WALL) != t->pid)
		return errno;
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, t->pid, (void *)t->addr, 0);
	if (errno)
		err = errno;
	else if ((uint64_t)word != secret)
		err = EIO;
	ptrace(PTRACE_DETACH, t->pid, 0, 0);
	return err;
}

/* utracer's verdict: 0 or the errno of the first refusal. */
static int utracer_verdict(const struct target *t)
{
	struct utracer_mem_read m = { .size = sizeof(m) };
	struct utracer_buf_query q = { .size = sizeof(q) };
	static char env[65536];
	struct uabi_client c;
	uint64_t word = 0;
	int err = 0;

	if (uabi_register(&c))
		return errno;
	if (uabi_attach(&c, t->pid, 0, 0, 0)) {
		err = errno;
		goto out;
	}
	m.pid = t->pid;
	m.addr = t->addr;
	m.buf = (uintptr_t)&word;
	m.len = sizeof(word);
	if (ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m)) {
		err = errno;
		goto out;
	}
	if (word != secret) {
		err = EIO;
		goto out;
	}
	q.pid = t->pid;
	q.buf = (uintptr_t)env;
	q.len = sizeof(env);
	if (ioctl(c.cmd, UTRACER_IOC_ENV, &q))
		err = errno;
out:
	uabi_close(&c);
	return err;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, s, strlen(s));
		close(fd);
	}
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int read_int(const char *path)
{
	size_t len;
	char *s = uabi_slurp(path, &len);
	int v = s ? atoi(s) : -1;

	free(s);
	return v;
}

static int drop_all_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return syscall(SYS_capset, &h, d);
}

/* A user namespace where this process is @inner, mapped to its own uid. */
static int enter_userns(uid_t inner)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWUSER))
		return -1;
	snprintf(map, sizeof(map), "%u %u 1\n", inner, uid);
	if (write_file("/proc/self/uid_map", map))
		return -1;
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "%u %u 1\n", inner, gid);
	return write_file("/proc/self/gid_map", map);
}

/* The tracer's side of a case: set up, then "ptrace utracer" errnos on @res. */
static void tracer_main(const struct pcase *pc, int go, int res)
{
	struct target t = { 0 };
	char buf[128];
	int p, u;

	switch (pc->tracer) {
	case T_USER:
		if (set_ids(65534))
			_exit(10);
		break;
	case T_ROOT:
		break;
	case T_ROOT_NOCAPS:
		if (drop_all_caps())
			_exit(10);
		break;
	case T_USERNS_USER:
		/* Dumpable again, or its own uid_map is root's to write. */
		if (set_ids(65534) || prctl(PR_SET_DUMPABLE, 1))
			_exit(10);
		/* fall through */
	case T_USERNS_ROOT:
		if (enter_userns(0)) {
			/* Not allowed here (sysctl): say so, the case is skipped. */
			snprintf(buf, sizeof(buf), "skip %s", strerror(errno));
			_exit(write(res, buf, strlen(buf)) < 0 ? 15 : 0);
		}
		break;
	case T_AA:
		if (write_file("/proc/self/attr/current", "changeprofile " AA_PROFILE))
			_exit(12);
		break;
	}
	if (pc->descendant) {
		if (spawn_target(&t, -1, "/proc/self/exe", NULL, NULL))
			_exit(13);
	} else {
		ssize_t n = read(go, buf, sizeof(buf) - 1);

		if (n <= 0)
			_exit(14);
		buf[n] = 0;
		if (sscanf(buf, "%d %" SCNxPTR, &t.pid, &t.addr) != 2)
			_exit(14);
	}
	/* utracer first: a ptrace detach leaves nothing behind, but no need to count on it. */
	u = utracer_verdict(&t);
	p = ptrace_verdict(&t);
	snprintf(buf, sizeof(buf), "%d %d", p, u);
	if (write(res, buf, strlen(buf)) < 0)
		_exit(15);
	if (pc->descendant)
		stop_target(&t);
	_exit(0);
}

static const char *verdict(int e)
{
	return e ? strerror(e) : "allowed";
}

static void run_case(const struct pcase *pc)
{
	struct target t = { 0 };
	int go[2], res[2], st, p = -1, u = -1;
	char buf[128], arg[16];
	pid_t tracer;
	ssize_t n;

	if (pc->yama >= 0 && saved_scope >= 0) {
		snprintf(arg, sizeof(arg), "%d", pc->yama);
		CHECK(write_file(YAMA, arg) == 0, "%s: set ptrace_scope %d", pc->name, pc->yama);
	}
	CHECK(pipe(go) == 0 && pipe(res) == 0, "pipe");
	tracer = fork();
	if (!tracer) {
		close(go[1]);
		close(res[0]);
		tracer_main(pc, go[0], res[1]);
	}
	close(go[0]);
	close(res[1]);
	if (!pc->descendant) {
		int uid = pc->target == G_ROOT ? -1 : pc->target == G_OTHER ? 65533 : 65534;
		const char *exe = pc->target == G_SUID ? SUID : "/proc/self/exe";

		snprintf(arg, sizeof(arg), "%d", tracer);
		CHECK(spawn_target(&t, uid, exe,
				   pc->target == G_NODUMP ? "nodump" :
				   pc->target == G_PTRACER ? "ptracer" : NULL,
				   pc->target == G_PTRACER ? arg : NULL) == 0,
		      "%s: target", pc->name);
		if (pc->target == G_SUID)
			CHECK(t.euid == 0, "%s: the setuid copy runs with euid %d", pc->name, t.euid);
		snprintf(buf, sizeof(buf), "%d %" PRIxPTR, t.pid, t.addr);
		/* A tracer that skips the case has gone: EPIPE is not an error. */
		if (write(go[1], buf, strlen(buf)) < 0 && errno != EPIPE)
			CHECK(0, "%s: go: %s", pc->name, strerror(errno));
	}
	n = read(res[0], buf, sizeof(buf) - 1);
	if (n > 0)
		buf[n] = 0;
	if (n > 0 && !strncmp(buf, "skip", 4)) {
		printf("%s: skipped, no user namespace: %s\n", pc->name, buf + 5);
		waitpid(tracer, &st, 0);
		stop_target(&t);
		close(go[1]);
		close(res[0]);
		return;
	}
	if (n > 0)
		sscanf(buf, "%d %d", &p, &u);
	waitpid(tracer, &st, 0);
	stop_target(&t);
	close(go[1]);
	close(res[0]);
	if (n <= 0) {
		CHECK(0, "%s: tracer set-up failed (status %d)", pc->name,
		      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return;
	}
	printf("%-36s ptrace: %-24s utracer: %s\n", pc->name, verdict(p), verdict(u));
	CHECK((p == 0) == (u == 0), "%s: ptrace %s, utracer %s", pc->name, verdict(p), verdict(u));
	CHECK((p == 0) == pc->allow, "%s: ptrace %s, the case expects %s", pc->name, verdict(p),
	      pc->allow ? "allowed" : "refused");
}

/* Whether AppArmor can confine here; loads the profile. Says why not. */
static bool apparmor_ready(void)
{
	static const char profile[] =
		"abi <abi/3.0>,\n"
		"profile " AA_PROFILE " {\n"
		"  file,\n  capability,\n  signal,\n  unix,\n  network,\n"
		"  audit deny ptrace,\n"
		"}\n";
	int fd, st;

	if (access("/sys/kernel/security", F_OK) == 0 &&
	    access("/sys/kernel/security/apparmor", F_OK) != 0)
		mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	if (access("/sys/kernel/security/apparmor/profiles", F_OK)) {
		printf("AppArmor case skipped: the kernel's AppArmor is not enabled\n");
		return false;
	}
	if (access(PARSER, X_OK)) {
		printf("AppArmor case skipped: no apparmor_parser (Debian package apparmor)\n");
		return false;
	}
	fd = open(AA_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, profile, sizeof(profile) - 1) != (ssize_t)sizeof(profile) - 1)
		return false;
	close(fd);
	st = system(PARSER " -r -K " AA_FILE);
	if (st) {
		printf("AppArmor case skipped: apparmor_parser could not load the profile\n");
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	static const struct pcase base[] = {
		{ "same uid", T_USER, G_USER, false, -1, true },
		{ "other uid", T_USER, G_OTHER, false, -1, false },
		{ "root target", T_USER, G_ROOT, false, -1, false },
		{ "undumpable target", T_USER, G_NODUMP, false, -1, false },
		{ "target exec'd a setuid program", T_USER, G_SUID, false, -1, false },
		{ "unprivileged tracer in a user ns", T_USERNS_USER, G_USER, false, -1, false },
		{ "root tracer in a user ns", T_USERNS_ROOT, G_ROOT, false, -1, false },
		{ "uid 0 without capabilities", T_ROOT_NOCAPS, G_ROOT, false, -1, false },
		{ "root", T_ROOT, G_ROOT, false, -1, true },
	};
	static const struct pcase yama[] = {
		{ "yama 0, not a descendant", T_USER, G_USER, false, 0, true },
		{ "yama 1, descendant", T_USER, G_USER, true, 1, true },
		{ "yama 1, not a descendant", T_USER, G_USER, false, 1, false },
		{ "yama 1, PR_SET_PTRACER", T_USER, G_PTRACER, false, 1, true },
		{ "yama 1, root, not a descendant", T_ROOT, G_ROOT, false, 1, true },
		{ "yama 2, descendant", T_USER, G_USER, true, 2, false },
		{ "yama 2, root, not a descendant", T_ROOT, G_ROOT, false, 2, true },
	};
	static const struct pcase yama3 = { "yama 3, root, descendant", T_ROOT, G_ROOT, true, 3,
					    false };
	static const struct pcase aa = { "apparmor deny ptrace, root", T_AA, G_ROOT, false, -1,
					 false };
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "target"))
		return target_main(argc, argv);
	if (!uabi_available() || getuid() != 0)
		return SKIP;
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);
	/* /tmp is a tmpfs mounted without nosuid in the guest (vm/guest-init). */
	CHECK(uabi_install_setuid("/proc/self/exe", SUID) == 0, "setuid copy: %s", strerror(errno));
	saved_scope = access(YAMA, W_OK) ? -1 : read_int(YAMA);
	if (saved_scope >= 0)
		write_file(YAMA, "0");
	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		run_case(&base[i]);
	if (saved_scope < 0) {
		printf("Yama cases skipped: no %s\n", YAMA);
	} else {
		for (i = 0; i < sizeof(yama) / sizeof(yama[0]); i++)
			run_case(&yama[i]);
		write_file(YAMA, "0");
	}
	if (apparmor_ready()) {
		run_case(&aa);
		CHECK(system(PARSER " -R -K " AA_FILE) == 0, "unload the AppArmor profile");
	}
	if (saved_scope >= 0) {
		char s[16];

		if (getenv("PERM_PARITY_YAMA3") && !strcmp(getenv("PERM_PARITY_YAMA3"), "1")) {
			run_case(&yama3);
			printf("ptrace_scope is 3 now and stays so until reboot\n");
		} else {
			printf("Yama scope 3 skipped: it cannot be undone (PERM_PARITY_YAMA3=1 runs it)\n");
			snprintf(s, sizeof(s), "%d", saved_scope);
			CHECK(write_file(YAMA, s) == 0, "restore ptrace_scope %d", saved_scope);
		}
	}
	unlink(SUID);
	unlink(AA_FILE);
	return uabi_failures ? FAIL : PASS;
}
