// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Error text: the library's own conditions first, then the C library's.
 */
#include <string.h>

#include "internal.h"

UTRACER_EXPORT
const char *utracer_strerror(int err)
{
	const char *text;

	if (err < 0)
		err = -err;
	switch (err) {
	case ENOSYS:
		return "utracer kernel module not loaded (no /proc/utrace/control): "
		       "is utracer.ko loaded?";
	case EPROTONOSUPPORT:
		return "the loaded utracer module speaks an interface version "
		       "this libutracer does not (module too old or too new)";
	case EBADMSG:
		return "the utracer module sent an event record libutracer "
		       "cannot decode";
	case EOPNOTSUPP:
		return "the loaded utracer module does not support this request";
	}
	/* strerrordesc_np() returns static text, unlike strerror(). */
	text = strerrordesc_np(err);
	return text ? text : "Unknown error";
}
