/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libutracer: process tracing through the utracer kernel module.
 */
#ifndef UTRACER_H
#define UTRACER_H

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, as "MAJOR.MINOR.PATCH". */
const char *utracer_library_version(void);

#ifdef __cplusplus
}
#endif

#endif /* UTRACER_H */
