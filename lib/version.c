// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
#include "internal.h"

UTRACER_EXPORT
const char *utracer_library_version(void)
{
	return LIBUTRACER_VERSION;
}
