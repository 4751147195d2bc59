// SPDX-License-Identifier: GPL-2.0
/*
 * Description: utracer_open() fails clearly without the module: ENOSYS
 * when /proc/utrace/control (or a given root's control) is missing, with a
 * utracer_strerror() text that asks whether utracer.ko is loaded;
 * EPROTONOSUPPORT when the control file does not answer the version query
 * (a module too old); EINVAL for malformed options, while a larger options
 * struct with a zero tail is accepted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "ulib-check.h"

int main(void)
{
	char dir[] = "/tmp/lib-open.XXXXXX", control[64];
	struct {
		struct utracer_open_opts o;
		uint64_t newer_field;
	} big;
	int fd;

	if (access("/proc/utrace/control", F_OK) == 0) {
		printf("the utracer module is loaded here: this test wants it absent\n");
		return ULIB_SKIP;
	}
	CHECK_NULL_ERR(utracer_open(NULL), ENOSYS);
	CHECK(strstr(utracer_strerror(ENOSYS), "utracer.ko") != NULL);
	CHECK(strstr(utracer_strerror(-ENOSYS), "is utracer.ko loaded?") != NULL);

	REQUIRE(mkdtemp(dir));
	snprintf(control, sizeof(control), "%s/control", dir);
	{
		UTRACER_OPTS(utracer_open_opts, o, .proc_root = dir);

		/* A directory with no control file: no module. */
		CHECK_NULL_ERR(utracer_open(&o), ENOSYS);
		o.proc_root = "/nonexistent/utrace";
		CHECK_NULL_ERR(utracer_open(&o), ENOSYS);

		/* A control file that does not know the version ioctl. */
		fd = open(control, O_CREAT | O_RDWR, 0600);
		REQUIRE(fd >= 0);
		close(fd);
		o.proc_root = dir;
		CHECK_NULL_ERR(utracer_open(&o), EPROTONOSUPPORT);

		/* Options: too small, a non-zero tail, non-zero padding. */
		o.sz = 4;
		CHECK_NULL_ERR(utracer_open(&o), EINVAL);
		o.sz = sizeof(o);
		o.__pad0 = 1;
		CHECK_NULL_ERR(utracer_open(&o), EINVAL);
	}

	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.o.proc_root = "/nonexistent/utrace";
	CHECK_NULL_ERR(utracer_open(&big.o), ENOSYS);
	big.newer_field = 1;
	CHECK_NULL_ERR(utracer_open(&big.o), EINVAL);

	/* An old caller's struct, cut before proc_root: the default root. */
	big.newer_field = 0;
	big.o.sz = sizeof(size_t);
	CHECK_NULL_ERR(utracer_open(&big.o), ENOSYS);

	unlink(control);
	rmdir(dir);
	return ulib_verdict();
}
