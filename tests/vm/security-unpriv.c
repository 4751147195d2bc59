// SPDX-License-Identifier: GPL-2.0
/*
 * Description: an unprivileged user (uid 65534) cannot reach another
 * user's process by any way: attaching a process of root or of another
 * unprivileged uid, using a cmd or resp descriptor of another client passed
 * over a unix socket (root's or the same uid's) or inherited across fork,
 * attaching an undumpable process of its own uid, or keeping hold of a pid
 * whose process died and whose number a root process now carries. A traced
 * process that execs a setuid-root program is never read by the client:
 * inspection racing with the exec never returns the new image, and after
 * it the client is detached and a new attach is refused. Without
 * CAP_PERFMON or CAP_SYS_ADMIN, a breakpoint by path is refused (EPERM) on
 * a file no process the client traces maps.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define SUID "/tmp/utracer-security-suid"

static int send_fds(int sock, int fd1, int fd2)
{
	char data = 'f', cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { &data, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	int fds[2] = { fd1, fd2 };

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fds(int sock, int *fd1, int *fd2)
{
	char data, cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { &data, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fds[2];

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(fds)))
		return -1;
	memcpy(fds, CMSG_DATA(cm), sizeof(fds));
	*fd1 = fds[0];
	*fd2 = fds[1];
	return 0;
}

/* Every use of a foreign client's cmd/resp is refused. */
static void check_foreign(int cmd, int resp, pid_t victim)
{
	struct utracer_attach a = { .size = sizeof(a), .pid = victim };
	struct {
		struct utracer_cmd_record rec;
		struct utracer_target t;
	} batch = {
		{ sizeof(batch), UTRACER_IOC_QUIESCE }, { sizeof(batch.t), 0, victim, 0 },
	};
	struct utracer_mem_read m = { .size = sizeof(m), .pid = victim };
	struct utracer_task_list tl = { .size = sizeof(tl) };
	char buf[4096];
	int fl;

	CHECK_ERR(ioctl(cmd, UTRACER_IOC_ATTACH, &a), EACCES);
	CHECK_ERR(ioctl(cmd, UTRACER_IOC_MEM_READ, &m), EACCES);
	CHECK_ERR(ioctl(cmd, UTRACER_IOC_TASK_LIST, &tl), EACCES);
	CHECK_ERR(write(cmd, &batch, sizeof(batch)), EACCES);
	fl = fcntl(resp, F_GETFL);
	fcntl(resp, F_SETFL, fl | O_NONBLOCK);
	CHECK_ERR(read(resp, buf, sizeof(buf)), EACCES);
}

/*
 * Root's client, attached to root's tracee, passes its descriptors to an
 * unprivileged process; an unprivileged client passes its own to another
 * process of its uid; a forked child inherits them.
 */
static void passed_fds(pid_t root_tracee)
{
	struct uabi_client c;
	int sv[2], st, cmd, resp;
	pid_t pid;

	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, root_tracee, 0, 0, 0));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	pid = fork();
	if (!pid) {
		uabi_failures = 0;	/* counts of the parent are not ours */
		close(sv[0]);
		if (uabi_drop_privileges() || recv_fds(sv[1], &cmd, &resp))
			_exit(2);
		check_foreign(cmd, resp, root_tracee);
		_exit(uabi_failures ? 1 : 0);
	}
	close(sv[1]);
	CHECK(send_fds(sv[0], c.cmd, c.resp) == 0, "sendmsg");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "root's descriptors usable by uid 65534: status %x", st);
	close(sv[0]);

	/* Inherited across fork, by a root child: refused too. */
	pid = fork();
	if (!pid) {
		uabi_failures = 0;	/* counts of the parent are not ours */
		check_foreign(c.cmd, c.resp, root_tracee);
		_exit(uabi_failures ? 1 : 0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "inherited descriptors usable: status %x", st);
	/* The owner itself still can use them. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, root_tracee, 0));
	uabi_close(&c);

	/* Same uid, another process: an unprivileged client's descriptors. */
	pid = fork();
	if (!pid) {
		uabi_failures = 0;	/* counts of the parent are not ours */
		struct uabi_client u;
		pid_t peer;
		int s2[2], st2;

		if (uabi_drop_privileges() || uabi_register(&u) ||
		    socketpair(AF_UNIX, SOCK_STREAM, 0, s2))
			_exit(2);
		peer = fork();
		if (!peer) {
			uabi_failures = 0;	/* counts of the parent are not ours */
			int pc, pr;

			close(s2[0]);
			if (recv_fds(s2[1], &pc, &pr))
				_exit(2);
			check_foreign(pc, pr, getppid());
			_exit(uabi_failures ? 1 : 0);
		}
		close(s2[1]);
		if (send_fds(s2[0], u.cmd, u.resp) || waitpid(peer, &st2, 0) != peer)
			_exit(3);
		_exit(WIFEXITED(st2) ? WEXITSTATUS(st2) : 4);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "same-uid descriptors usable by another process: status %x", st);
}

/* A tracee of uid 65533 and one of root: EPERM for uid 65534. */
static void other_users(pid_t root_tracee)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct uabi_child other;
	pid_t client;
	char line[64];
	int st;

	/* The other user's tracee: a child that drops to 65533 first. */
	{
		int out[2], in[2];

		CHECK(pipe(out) == 0 && pipe(in) == 0, "pipe");
		other.pid = fork();
		if (!other.pid) {
			dup2(in[0], 0);
			dup2(out[1], 1);
			if (setgroups(0, NULL) || setresgid(65533, 65533, 65533) ||
			    setresuid(65533, 65533, 65533))
				_exit(126);
			execv(argv[0], argv);
			_exit(127);
		}
		close(out[1]);
		close(in[0]);
		other.out = out[0];
		other.in = in[1];
	}
	CHECK(uabi_read_line(&other, line, sizeof(line), TMO) > 0, "tracee of 65533 not ready");
	client = fork();
	if (!client) {
		uabi_failures = 0;	/* counts of the parent are not ours */
		struct uabi_client c;

		if (uabi_drop_privileges() || uabi_register(&c))
			_exit(2);
		CHECK_ERR(uabi_attach(&c, root_tracee, 0, 0, 0), EPERM);
		CHECK_ERR(uabi_attach(&c, other.pid, 0, 0, 0), EPERM);
		CHECK_ERR(uabi_attach(&c, other.pid, UTRACER_ATTACH_THREAD, 0, 0), EPERM);
		_exit(uabi_failures ? 1 : 0);
	}
	CHECK(waitpid(client, &st, 0) == client && WIFEXITED(st) && !WEXITSTATUS(st),
	      "attach of other users' processes: status %x", st);
	kill(other.pid, SIGKILL);
	uabi_reap(&other, NULL);
}

/* Undumpable process of its own uid: EPERM. */
static void undumpable(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "undumpable", NULL };
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];

	CHECK(uabi_drop_privileges() == 0, "drop");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_ERR(uabi_attach(&c, ch.pid, 0, 0, 0), EPERM);
	CHECK_ERR(uabi_attach(&c, ch.pid, UTRACER_ATTACH_THREAD, 0, 0), EPERM);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

/* UTRACER_IOC_BP_SET by path: 0 or -errno. */
static int bp_set_path(struct uabi_client *c, const char *path)
{
	struct utracer_bp_set s = { .size = sizeof(s), .path = (uintptr_t)path };

	return ioctl(c->cmd, UTRACER_IOC_BP_SET, &s) ? -errno : 0;
}

/*
 * Without CAP_PERFMON or CAP_SYS_ADMIN, a breakpoint by path only on a file
 * that a process the client traces maps: its own tracee's executable, not
 * a file nothing of its maps, and nothing at all once it traces nothing.
 */
static void breakpoint_files(void)
{
	char sleeper[PATH_MAX + 64], other[PATH_MAX + 64];
	char *argv[] = { sleeper, NULL };
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];

	/*
	 * Both paths while still root: uabi_prog() copies the programs where
	 * uid 65534 reaches them when the tree is out of its reach (a clone
	 * in a 0700 home), and answers in one static buffer.
	 */
	snprintf(sleeper, sizeof(sleeper), "%s", uabi_prog("sleeper"));
	snprintf(other, sizeof(other), "%s", uabi_prog("fault-tracee"));
	CHECK(uabi_drop_privileges() == 0, "drop");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_ERR(bp_set_path(&c, argv[0]), EPERM);
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));
	CHECK_OK(bp_set_path(&c, argv[0]));
	CHECK_ERR(bp_set_path(&c, "/etc/passwd"), EPERM);
	CHECK_ERR(bp_set_path(&c, other), EPERM);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, ch.pid, 0));
	CHECK_ERR(bp_set_path(&c, argv[0]), EPERM);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

/*
 * A child of ours, which pauses until killed, with the pid @want: clone3()
 * with set_tid (needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over the pid
 * namespace, i.e. root here). Unlike a write to ns_last_pid, which then
 * forks, it exists without CONFIG_CHECKPOINT_RESTORE (the debug kernel has
 * none) and no other fork can take the pid in between. A pid still in use
 * is EEXIST: wait a little for whoever holds it.
 * RETURNS: the child's pid (@want), or -1 with errno set.
 */
static pid_t fork_with_pid(pid_t want)
{
	pid_t tid = want;
	struct clone_args ca = {
		.exit_signal = SIGCHLD, .set_tid = (uintptr_t)&tid, .set_tid_size = 1,
	};
	long pid = -1;

	for (int tries = 0; tries < 50; tries++) {
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
		if (!pid) {
			/* No libc call that trusts its cached tid: raw syscalls. */
			for (;;)
				syscall(SYS_pause);
		}
		if (pid > 0 || errno != EEXIST)
			break;
		usleep(100 * 1000);
	}
	return pid;
}

/*
 * The unprivileged client's tracee dies; root makes a process with the same
 * pid (clone3 with set_tid). The client's old name for it acts on nothing.
 */
static void pid_reuse(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct utracer_mem_read m = { .size = sizeof(m), .len = 8 };
	int up[2], down[2], st;
	char line[64], b;
	uint64_t word;
	pid_t client, victim = 0, reused;

	CHECK(pipe(up) == 0 && pipe(down) == 0, "pipe");
	client = fork();
	if (!client) {
		uabi_failures = 0;	/* counts of the parent are not ours */
		struct utracer_ev_detach d;
		struct uabi_client c;
		struct uabi_child ch;

		if (uabi_drop_privileges() || uabi_register(&c) || uabi_spawn(&ch, argv) ||
		    uabi_read_line(&ch, line, sizeof(line), TMO) <= 0 ||
		    uabi_attach(&c, ch.pid, 0, 0, 0))
			_exit(2);
		kill(ch.pid, SIGKILL);
		uabi_reap(&ch, NULL);
		if (!uabi_wait_event(&c, UTRACER_EV_DETACH, ch.pid, &d, sizeof(d), TMO))
			_exit(3);
		if (write(up[1], &ch.pid, sizeof(ch.pid)) != sizeof(ch.pid) ||
		    read(down[0], &b, 1) != 1)
			_exit(4);
		/* A root process now has that pid. */
		m.pid = ch.pid;
		m.addr = 0x400000;
		m.buf = (uintptr_t)&word;
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), ESRCH);
		CHECK_ERR(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0), ESRCH);
		CHECK_ERR(uabi_target(&c, UTRACER_IOC_DETACH, ch.pid, 0), ESRCH);
		CHECK_ERR(uabi_attach(&c, ch.pid, 0, 0, 0), EPERM);
		_exit(uabi_failures ? 1 : 0);
	}
	CHECK(read(up[0], &victim, sizeof(victim)) == sizeof(victim), "client failed");
	reused = victim > 0 ? fork_with_pid(victim) : -1;
	CHECK(reused == victim, "could not reuse pid %d: %s", victim, strerror(errno));
	CHECK(write(down[1], "g", 1) == 1, "write");
	CHECK(waitpid(client, &st, 0) == client && WIFEXITED(st) && !WEXITSTATUS(st),
	      "reused pid reachable: status %x", st);
	if (reused > 0) {
		kill(reused, SIGKILL);
		waitpid(reused, NULL, 0);
	}
}

static volatile int racing = 1;
static int leaked, refused;

/* Query the tracee's executable over and over. */
static void *inspector(void *arg)
{
	struct uabi_client *c = arg;
	char path[4096] = "";

	while (racing) {
		struct utracer_buf_query q = {
			.size = sizeof(q), .pid = c->pid, .buf = (uintptr_t)path,
			.len = sizeof(path),
		};
		int r = ioctl(c->cmd, UTRACER_IOC_EXE, &q);

		if (r == 0 && strstr(path, SUID))
			leaked++;
		else if (r < 0 && errno == EPERM)
			refused++;	/* between the exec and its recheck */
	}
	return NULL;
}

/* A traced process execs a setuid-root program. */
static void setuid_exec(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct utracer_mem_read m = { .size = sizeof(m), .len = 8 };
	struct utracer_buf_query q = { .size = sizeof(q) };
	struct uabi_client c, racer;
	struct utracer_ev_detach d;
	struct uabi_child ch;
	char line[256], path[4096];
	uint64_t word;
	pthread_t t;

	CHECK(uabi_drop_privileges() == 0, "drop");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, UTRACER_EVMASK(UTRACER_EV_EXEC), 0));
	/* The racing inspector uses the same client from another thread. */
	racer = c;
	racer.pid = ch.pid;
	CHECK(pthread_create(&t, NULL, inspector, &racer) == 0, "thread");
	snprintf(line, sizeof(line), "exec-path %s\n", SUID);
	CHECK(write(ch.in, line, strlen(line)) == (ssize_t)strlen(line), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strncmp(line, "ready", 5),
	      "no ready after the setuid exec: %s", line);
	racing = 0;
	pthread_join(t, NULL);
	CHECK(!leaked, "%d reads of the setuid image's executable", leaked);
	/* Timing decides whether the window was hit; say so, assert nothing. */
	fprintf(stderr, "setuid exec: %d queries refused inside the exec window\n", refused);
	CHECK(uabi_wait_event(&c, UTRACER_EV_DETACH, ch.pid, &d, sizeof(d), TMO) &&
	      d.reason == UTRACER_DETACH_CRED, "no DETACH (CRED) for a setuid exec");
	m.pid = ch.pid;
	m.addr = 0x400000;
	m.buf = (uintptr_t)&word;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), ESRCH);
	q.pid = ch.pid;
	q.buf = (uintptr_t)path;
	q.len = sizeof(path);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ENV, &q), ESRCH);
	CHECK_ERR(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0), ESRCH);
	CHECK_ERR(uabi_attach(&c, ch.pid, 0, 0, 0), EPERM);
	CHECK_ERR(uabi_attach(&c, ch.pid, UTRACER_ATTACH_THREAD, 0, 0), EPERM);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct uabi_child root;
	char line[64];

	if (!uabi_available())
		return SKIP;
	if (getuid() != 0)
		return SKIP;
	CHECK(uabi_spawn(&root, argv) == 0, "spawn");
	CHECK(uabi_read_line(&root, line, sizeof(line), TMO) > 0, "tracee not ready");
	passed_fds(root.pid);
	other_users(root.pid);
	CHECK(uabi_in_child(undumpable), "undumpable");
	CHECK(uabi_in_child(breakpoint_files), "breakpoint files");
	pid_reuse();
	/* /tmp is a tmpfs mounted without nosuid in the guest (vm/guest-init). */
	CHECK(uabi_install_setuid(argv[0], SUID) == 0, "setuid copy: %s", strerror(errno));
	CHECK(uabi_in_child(setuid_exec), "setuid exec");
	unlink(SUID);
	kill(root.pid, SIGKILL);
	uabi_reap(&root, NULL);
	return uabi_failures ? FAIL : PASS;
}
