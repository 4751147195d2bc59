// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee that makes the sendmsg family's calls in every
 * shape strace decodes, for udb trace to be compared with strace line for
 * line: over a UNIX datagram pair, data in several iovecs (one empty, one
 * past strace's -s 32), SCM_RIGHTS with two descriptors and
 * SCM_CREDENTIALS received in full, then into a control buffer too short
 * for both (MSG_CTRUNC) and a datagram longer than the buffer
 * (MSG_TRUNC); msg_name to and from a bound UNIX socket; an unknown
 * control message type; sendmmsg of two messages and recvmmsg of them
 * with a timeout; errors (EBADF on fd 99, EAGAIN with MSG_DONTWAIT on an
 * empty socket, EFAULT on an unreadable msghdr). Its argument is a
 * directory where it may bind a socket. Exits 0 when every call did what
 * it should, else 1 with the failed step on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int failed;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "msgcalls: %s: %s\n", what, strerror(errno));
		failed = 1;
	}
}

int main(int argc, char **argv)
{
	int sv[2], one = 1, fds[2] = { 0, 1 };
	char a[8], b[40];
	char cbuf[256] __attribute__((aligned(8)));
	struct iovec iov[3];
	struct msghdr m;
	struct cmsghdr *c;
	struct ucred cred = { getpid(), getuid(), getgid() };
	struct mmsghdr mm[2];
	struct iovec miov[2];
	char m0[4], m1[4];
	struct timespec ts = { 1, 500 };
	struct sockaddr_un sun = { .sun_family = AF_UNIX }, from;
	int named;

	if (argc != 2 || strlen(argv[1]) + 8 > sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: msgcalls DIRECTORY\n");
		return 2;
	}
	check(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");
	check(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) == 0, "SO_PASSCRED");

	/* Data alone, an empty iovec among them. */
	iov[0] = (struct iovec){ "m1", 2 };
	iov[1] = (struct iovec){ "", 0 };
	iov[2] = (struct iovec){ "m2\n", 3 };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 3 };
	check(sendmsg(sv[0], &m, 0) == 5, "sendmsg plain");
	iov[0] = (struct iovec){ a, 3 };
	iov[1] = (struct iovec){ b, sizeof(b) };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 2 };
	check(recvmsg(sv[1], &m, 0) == 5, "recvmsg plain");

	/* SCM_RIGHTS and SCM_CREDENTIALS, received with room for both. */
	memset(cbuf, 0, sizeof(cbuf));
	iov[0] = (struct iovec){ "with fds and a line longer than thirty-two bytes", 48 };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(sizeof(fds)) +
					       CMSG_SPACE(sizeof(cred)) };
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	c = CMSG_NXTHDR(&m, c);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(cred));
	memcpy(CMSG_DATA(c), &cred, sizeof(cred));
	check(sendmsg(sv[0], &m, MSG_NOSIGNAL) == 48, "sendmsg rights");
	iov[0] = (struct iovec){ b, sizeof(b) };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	check(recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC) == 40, "recvmsg rights");
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_type == SCM_RIGHTS)
			for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
				close(((int *)CMSG_DATA(c))[i]);

	/* Again, into a control buffer with room for one descriptor only. */
	c = (struct cmsghdr *)cbuf;
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(sizeof(fds)) };
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	iov[0] = (struct iovec){ "truncated", 9 };
	check(sendmsg(sv[0], &m, 0) == 9, "sendmsg for ctrunc");
	iov[0] = (struct iovec){ a, 4 };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = CMSG_LEN(sizeof(int)) };
	check(recvmsg(sv[1], &m, 0) == 4, "recvmsg ctrunc");
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int)))
			close(*(int *)CMSG_DATA(c));

	/* A control message of a type strace does not know: refused. */
	c = (struct cmsghdr *)cbuf;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = 77;
	c->cmsg_len = CMSG_LEN(3);
	memcpy(CMSG_DATA(c), "abc", 3);
	iov[0] = (struct iovec){ "x", 1 };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(3) };
	check(sendmsg(sv[0], &m, MSG_DONTWAIT) < 0, "sendmsg unknown cmsg");

	/* msg_name: to a bound socket, and the sender's name received. */
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/msg.s", argv[1]);
	unlink(sun.sun_path);
	named = socket(AF_UNIX, SOCK_DGRAM, 0);
	check(bind(named, (struct sockaddr *)&sun, sizeof(sun)) == 0, "bind");
	iov[0] = (struct iovec){ "named", 5 };
	m = (struct msghdr){ .msg_name = &sun, .msg_namelen = sizeof(sun), .msg_iov = iov,
			     .msg_iovlen = 1 };
	check(sendmsg(sv[0], &m, 0) == 5, "sendmsg to a name");
	iov[0] = (struct iovec){ b, sizeof(b) };
	m = (struct msghdr){ .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = iov,
			     .msg_iovlen = 1 };
	check(recvmsg(named, &m, MSG_PEEK) == 5, "recvmsg peek with a name");
	check(recvmsg(named, &m, 0) == 5, "recvmsg with a name");
	unlink(sun.sun_path);

	/* sendmmsg of two, recvmmsg of both with a timeout. */
	miov[0] = (struct iovec){ "one", 3 };
	miov[1] = (struct iovec){ "two!", 4 };
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr = (struct msghdr){ .msg_iov = &miov[0], .msg_iovlen = 1 };
	mm[1].msg_hdr = (struct msghdr){ .msg_iov = &miov[1], .msg_iovlen = 1 };
	check(sendmmsg(sv[0], mm, 2, 0) == 2, "sendmmsg");
	miov[0] = (struct iovec){ m0, sizeof(m0) };
	miov[1] = (struct iovec){ m1, 2 };
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr = (struct msghdr){ .msg_iov = &miov[0], .msg_iovlen = 1 };
	mm[1].msg_hdr = (struct msghdr){ .msg_iov = &miov[1], .msg_iovlen = 1 };
	check(recvmmsg(sv[1], mm, 2, MSG_WAITFORONE, &ts) == 2, "recvmmsg");
	check(recvmmsg(sv[1], mm, 2, MSG_DONTWAIT, NULL) < 0 && errno == EAGAIN,
	      "recvmmsg EAGAIN");

	/* Errors. */
	iov[0] = (struct iovec){ "bad", 3 };
	m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1 };
	check(sendmsg(99, &m, 0) < 0 && errno == EBADF, "sendmsg EBADF");
	iov[0] = (struct iovec){ b, sizeof(b) };
	check(recvmsg(sv[1], &m, MSG_DONTWAIT) < 0 && errno == EAGAIN, "recvmsg EAGAIN");
	check(recvmsg(sv[1], (struct msghdr *)8, 0) < 0 && errno == EFAULT, "recvmsg EFAULT");
	miov[0] = (struct iovec){ "one", 3 };
	miov[1] = (struct iovec){ "two!", 4 };
	mm[0].msg_hdr.msg_flags = mm[1].msg_hdr.msg_flags = 0;
	check(sendmmsg(99, mm, 2, 0) < 0 && errno == EBADF, "sendmmsg EBADF");
	return failed;
}
