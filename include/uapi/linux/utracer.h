/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
#ifndef _UAPI_LINUX_UTRACER_H
#define _UAPI_LINUX_UTRACER_H

#include <linux/types.h>

#endif /* _UAPI_LINUX_UTRACER_H */
