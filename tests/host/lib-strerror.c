// SPDX-License-Identifier: GPL-2.0
/*
 * Description: utracer_strerror() names the library's own conditions
 * (module missing, interface version, undecodable record, unsupported
 * request) for positive and negative values alike, gives the C library's
 * text for every other errno, and a fixed text for unknown numbers.
 */
#include <errno.h>

#include "ulib-check.h"

int main(void)
{
	static const int own[] = { ENOSYS, EPROTONOSUPPORT, EBADMSG, EOPNOTSUPP };
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		const char *t = utracer_strerror(own[i]);

		CHECK(t && strstr(t, "utracer"));
		CHECK(t == utracer_strerror(-own[i]));
		CHECK(strcmp(t, strerror(own[i])) != 0);
	}
	CHECK(strstr(utracer_strerror(EPROTONOSUPPORT), "version") != NULL);
	CHECK(strcmp(utracer_strerror(ESRCH), strerror(ESRCH)) == 0);
	CHECK(strcmp(utracer_strerror(-EPERM), strerror(EPERM)) == 0);
	CHECK(strcmp(utracer_strerror(0), strerror(0)) == 0);
	CHECK(strcmp(utracer_strerror(99999), "Unknown error") == 0);
	CHECK(strcmp(utracer_library_version(), "0.1.0") == 0);
	return ulib_verdict();
}
