// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
#include "utracer.h"

__attribute__((visibility("default")))
const char *utracer_library_version(void)
{
	return "0.1.0";
}
