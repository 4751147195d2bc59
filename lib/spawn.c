// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * utracer_spawn(): start a program attached and stopped before its first
 * instruction.
 *
 * How, and why it holds: the child is forked and waits on a socket before
 * it does anything. The parent attaches to it with EXEC as the only event, one
 * that stops the tracee, then lets it go. The child calls execve(); the
 * module reports the exec and, since EXEC is in the stop mask, stops the
 * thread on its way back to user mode, after the kernel has built the new
 * image and before its first instruction. The parent waits for that stop,
 * then sets the event, syscall and follow choices the caller asked for,
 * which from there on see only the new program. A second, close-on-exec pipe carries
 * the errno of a failed execve() (or chdir(), or a change of ids) back to
 * the parent.
 * Between fork() and execve() the child makes only async-signal-safe calls,
 * so a multithreaded caller is fine; $PATH is searched in the parent.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

extern char **environ;

/* How long to wait for the stop at exec between checks on the child. */
#define SPAWN_POLL_MS 1000

static int search_path(const char *file, char *out, size_t size)
{
	const char *path = getenv("PATH"), *p, *end;
	int err = -ENOENT;

	if (strchr(file, '/')) {
		if (snprintf(out, size, "%s", file) >= (int)size)
			return -ENAMETOOLONG;
		return 0;
	}
	if (!path)
		path = "/bin:/usr/bin";
	for (p = path; ; p = end + 1) {
		size_t dir_len;

		end = strchrnul(p, ':');
		dir_len = (size_t)(end - p);
		/* An empty element means the current directory. */
		if (snprintf(out, size, "%.*s%s%s", (int)dir_len, p,
			     dir_len ? "/" : "", file) < (int)size) {
			if (access(out, X_OK) == 0)
				return 0;
			if (errno == EACCES)
				err = -EACCES;
		}
		if (!*end)
			break;
	}
	return err;
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* UTRACER_SPAWN_F_SET_IDS: the ids the child takes; NULL without it. */
struct spawn_ids {
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t ngroups;
};

/* The child's side: wait for the go, then become the program. */
static void __attribute__((noreturn))
child(int go_fd, int err_fd, const char *path, char *const argv[],
      char *const envp[], const char *cwd, const struct spawn_ids *ids, int new_pgrp)
{
	char c;
	ssize_t n;
	int err;

	do {
		n = read(go_fd, &c, 1);
	} while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(127);	/* the parent gave up */
	if (cwd && chdir(cwd) < 0)
		goto fail;
	if (new_pgrp && setpgid(0, 0) < 0)
		goto fail;
	/* The groups while still allowed to, the uid last. */
	if (ids && (setgroups(ids->ngroups, ids->groups) < 0 || setgid(ids->gid) < 0 ||
		    setuid(ids->uid) < 0))
		goto fail;
	execve(path, argv, envp);
fail:
	err = errno;
	n = write(err_fd, &err, sizeof(err));
	(void)n;
	_exit(127);
}

/* A child's report of its failed execve(): its errno, or 0 if none came. */
static int read_child_error(int fd)
{
	int child_err;
	ssize_t n;

	do {
		n = read(fd, &child_err, sizeof(child_err));
	} while (n < 0 && errno == EINTR);
	if (n != sizeof(child_err))
		return 0;
	return child_err > 0 ? child_err : EIO;
}

/*
 * Wait for the child's stop at exec, consuming its events before it.
 * Returns 0 once stopped; the child's execve() error (negative) when it
 * could not exec; -ESRCH when it died some other way; or another -errno.
 *
 * The status pipe's end of file cannot be waited for first: the child's
 * close-on-exec of its end is finished by a task_work that runs after our
 * stop (task_work is LIFO), so it comes only once the child is let go.
 */
static int wait_exec_stop(struct utracer *u, pid_t pid, int status_fd)
{
	struct utracer_event_info *ev = malloc(sizeof(*ev));
	struct pollfd pfd[2] = {
		{ .fd = status_fd, .events = POLLIN },
		{ .fd = u->resp_fd, .events = POLLIN },
	};
	int err, child_err;

	if (!ev)
		return -ENOMEM;
	for (;;) {
		siginfo_t si;
		int ready;

		err = utracer_event_wait_for(u, pid, 0, ev, 0);
		if (err == 0) {
			if (ev->type == UTRACER_EVENT_STOP &&
			    ev->stop.reason == UTRACER_STOP_REASON_EVENT &&
			    ev->stop.event == UTRACER_EVENT_EXEC)
				break;
			if (ev->type == UTRACER_EVENT_DETACH) {
				child_err = read_child_error(status_fd);
				err = child_err ? -child_err : -ESRCH;
				break;
			}
			continue;
		}
		err = -errno;
		if (err != -EAGAIN)
			break;

		ready = poll(pfd, 2, SPAWN_POLL_MS);
		if (ready < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
		if (ready > 0 && pfd[0].revents) {
			child_err = read_child_error(status_fd);
			if (child_err) {
				err = -child_err;
				break;
			}
			/* End of file: the exec went through; wait for its stop. */
			pfd[0].fd = -1;
		}
		if (ready != 0)
			continue;
		/* Quiet for a while: the child may have died without a word. */
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid == pid) {
			child_err = read_child_error(status_fd);
			err = child_err ? -child_err : -ESRCH;
			break;
		}
	}
	free(ev);
	return err;
}

static int check_attach_opts(const struct utracer_attach_opts *a)
{
	uint64_t events, stop_events;

	if (!OPTS_VALID(a, utracer_attach_opts) || OPTS_GET(a, __pad0, 0))
		return -EINVAL;
	if (OPTS_GET(a, flags, 0) & ~(uint32_t)(UTRACER_ATTACH_F_LOSSY |
						UTRACER_ATTACH_F_FOLLOW_FORK |
						UTRACER_ATTACH_F_STOP_NEW))
		return -EINVAL;
	events = OPTS_GET(a, events, 0);
	stop_events = OPTS_GET(a, stop_events, 0);
	return utracer__check_masks(events, stop_events);
}

/* Give the stopped child the caller's choices. */
static int apply_attach_opts(struct utracer *u, pid_t pid,
			     const struct utracer_attach_opts *a)
{
	const struct utracer_syscall_set *entry = OPTS_GET(a, syscall_entry, NULL);
	const struct utracer_syscall_set *exit = OPTS_GET(a, syscall_exit, NULL);
	unsigned int follow;
	int err = 0;

	if (entry)
		err = utracer_set_syscall_filter(u, pid, UTRACER_SYSCALL_F_ENTRY, entry);
	if (!err && exit)
		err = utracer_set_syscall_filter(u, pid, UTRACER_SYSCALL_F_EXIT, exit);
	if (!err)
		err = utracer_set_events(u, pid, OPTS_GET(a, events, 0),
					 OPTS_GET(a, stop_events, 0));
	follow = OPTS_GET(a, flags, 0) & (UTRACER_ATTACH_F_FOLLOW_FORK |
					  UTRACER_ATTACH_F_STOP_NEW);
	if (!err && follow)
		err = utracer_set_follow(u, pid, follow);
	return err;
}

static pid_t spawn(struct utracer *u, const char *file, char *const argv[],
		   const struct utracer_spawn_opts *opts)
{
	const struct utracer_attach_opts *aopts;
	struct spawn_ids ids = { 0 };
	int go[2], status[2], err;
	char path[PATH_MAX];
	char *const *envp;
	const char *cwd;
	uint32_t flags;
	ssize_t n;
	pid_t pid;

	if (!u || !file || !argv || !OPTS_VALID(opts, utracer_spawn_opts) ||
	    OPTS_GET(opts, __pad0, 0))
		return -EINVAL;
	flags = OPTS_GET(opts, flags, 0);
	if (flags & ~(UTRACER_SPAWN_F_SEARCH_PATH | UTRACER_SPAWN_F_SET_IDS |
		      UTRACER_SPAWN_F_NEW_PGRP))
		return -EINVAL;
	if (flags & UTRACER_SPAWN_F_SET_IDS) {
		/* The ids as the caller's types: gid_t is the uapi's 32 bits. */
		_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "gid_t is 32 bits");
		ids.uid = (uid_t)OPTS_GET(opts, uid, 0);
		ids.gid = (gid_t)OPTS_GET(opts, gid, 0);
		ids.groups = (const gid_t *)OPTS_GET(opts, groups, NULL);
		ids.ngroups = OPTS_GET(opts, ngroups, 0);
		if ((ids.ngroups && !ids.groups) || ids.ngroups > NGROUPS_MAX ||
		    ids.uid == (uid_t)-1 || ids.gid == (gid_t)-1)
			return -EINVAL;
	}
	aopts = OPTS_GET(opts, attach, NULL);
	err = check_attach_opts(aopts);
	if (err)
		return err;
	envp = OPTS_GET(opts, envp, NULL);
	if (!envp)
		envp = environ;
	cwd = OPTS_GET(opts, cwd, NULL);

	if (flags & UTRACER_SPAWN_F_SEARCH_PATH)
		err = search_path(file, path, sizeof(path));
	else if (snprintf(path, sizeof(path), "%s", file) >= (int)sizeof(path))
		err = -ENAMETOOLONG;
	if (err)
		return err;

	/* A socket, not a pipe: send() can then refuse SIGPIPE. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go) < 0)
		return -errno;
	if (pipe2(status, O_CLOEXEC) < 0) {
		err = -errno;
		goto err_go;
	}
	pid = fork();
	if (pid < 0) {
		err = -errno;
		goto err_status;
	}
	if (pid == 0) {
		close(go[1]);
		close(status[0]);
		child(go[0], status[1], path, argv, envp, cwd,
		      flags & UTRACER_SPAWN_F_SET_IDS ? &ids : NULL,
		      !!(flags & UTRACER_SPAWN_F_NEW_PGRP));
	}
	close(go[0]);
	close(status[1]);

	{
		UTRACER_OPTS(utracer_attach_opts, first,
			.flags = OPTS_GET(aopts, flags, 0) & UTRACER_ATTACH_F_LOSSY,
			.events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC),
			.stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC));

		err = utracer_attach(u, pid, &first) ? -errno : 0;
	}
	if (err) {
		close(go[1]);	/* the child sees end of file and exits */
		close(status[0]);
		reap(pid);
		return err;
	}

	n = send(go[1], "g", 1, MSG_NOSIGNAL);
	close(go[1]);
	if (n != 1) {
		err = n < 0 ? -errno : -EIO;
		close(status[0]);
		goto err_child;
	}
	err = wait_exec_stop(u, pid, status[0]);
	close(status[0]);
	if (!err)
		err = apply_attach_opts(u, pid, aopts);
	if (err)
		goto err_child;
	return pid;

err_child:
	utracer_detach(u, pid, 0);
	kill(pid, SIGKILL);
	reap(pid);
	utracer__event_discard(u, pid);
	return err;
err_status:
	close(status[0]);
	close(status[1]);
err_go:
	close(go[0]);
	close(go[1]);
	return err;
}

UTRACER_EXPORT
pid_t utracer_spawn(struct utracer *u, const char *file, char *const argv[],
		    const struct utracer_spawn_opts *opts)
{
	pid_t pid = spawn(u, file, argv, opts);

	if (pid < 0)
		errno = -pid;
	return pid;
}
