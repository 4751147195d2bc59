// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include "utracer.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("udb %s\n", utracer_library_version());
		return 0;
	}
	fprintf(stderr, "usage: udb --version\n");
	return 2;
}
