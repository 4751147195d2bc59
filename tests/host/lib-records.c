// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the answers to the environment and memory-map queries are
 * turned into what utracer_environ_list() and utracer_map_list() return:
 * every string exactly as given (empty ones too, a last one without its
 * NUL), mappings with their permissions, flags, device and path in one
 * block; a malformed map answer (bad record length, a path without its
 * NUL, a count that disagrees) gives EBADMSG.
 */
#include <errno.h>
#include <sys/mman.h>

#include "../../lib/internal.h"
#include "ulib-check.h"

static void test_environ(void)
{
	static const char raw[] = "A=1\0B=\0\0LAST=x";
	char **vec;
	size_t n = 0;

	/* sizeof(raw) - 1: the last string comes without its NUL. */
	CHECK(utracer__environ_decode(raw, sizeof(raw) - 1, 0, &vec, &n) == 0);
	CHECK(n == 4);
	CHECK(strcmp(vec[0], "A=1") == 0);
	CHECK(strcmp(vec[1], "B=") == 0);
	CHECK(strcmp(vec[2], "") == 0);
	CHECK(strcmp(vec[3], "LAST=x") == 0);
	CHECK(vec[4] == NULL);
	free(vec);

	CHECK(utracer__environ_decode(raw, sizeof(raw), 0, &vec, &n) == 0);
	CHECK(n == 4 && vec[4] == NULL);
	free(vec);

	CHECK(utracer__environ_decode("", 0, 0, &vec, &n) == 0);
	CHECK(n == 0 && vec[0] == NULL);
	free(vec);
}

/* Append a map record to buf at *off. */
static void add_map(unsigned char *buf, size_t *off, uint64_t start, uint64_t end,
		    uint32_t prot, const char *path)
{
	struct utracer_map_record *r = (void *)(buf + *off);
	size_t len = (sizeof(*r) + strlen(path) + 1 + 7) & ~(size_t)7;

	memset(r, 0, len);
	r->rec_len = (uint32_t)len;
	r->prot = prot;
	r->start = start;
	r->end = end;
	r->offset = 0x2000;
	r->inode = 77;
	r->dev_major = 8;
	r->dev_minor = 1;
	strcpy(r->path, path);
	*off += len;
}

static void test_maps(void)
{
	static uint64_t storage[256];
	unsigned char *buf = (unsigned char *)storage;
	struct utracer_map *m;
	struct utracer_map_record *r;
	size_t off = 0, n = 0;

	add_map(buf, &off, 0x400000, 0x401000, UTRACER_MAP_READ | UTRACER_MAP_EXEC,
		"/usr/bin/cat");
	add_map(buf, &off, 0x7000, 0x8000,
		UTRACER_MAP_READ | UTRACER_MAP_WRITE | UTRACER_MAP_SHARED, "");
	add_map(buf, &off, 0x9000, 0xa000, 0, "[stack]");

	CHECK(utracer__maps_decode(buf, off, 3, &m, &n) == 0);
	CHECK(n == 3);
	CHECK(m[0].start == 0x400000 && m[0].end == 0x401000);
	CHECK(m[0].prot == (PROT_READ | PROT_EXEC) && m[0].flags == 0);
	CHECK(m[0].offset == 0x2000 && m[0].inode == 77);
	CHECK(m[0].dev_major == 8 && m[0].dev_minor == 1);
	CHECK(strcmp(m[0].path, "/usr/bin/cat") == 0);
	CHECK(m[1].prot == (PROT_READ | PROT_WRITE));
	CHECK(m[1].flags == UTRACER_MAP_F_SHARED);
	CHECK(strcmp(m[1].path, "") == 0);
	CHECK(m[2].prot == PROT_NONE && strcmp(m[2].path, "[stack]") == 0);
	free(m);

	CHECK(utracer__maps_decode(buf, 0, 0, &m, &n) == 0);
	CHECK(n == 0);
	free(m);

	CHECK(utracer__maps_decode(buf, off, 2, &m, &n) == -EBADMSG);
	CHECK(utracer__maps_decode(buf, off - 8, 3, &m, &n) == -EBADMSG);
	r = (void *)buf;
	r->rec_len += 4;
	CHECK(utracer__maps_decode(buf, off, 3, &m, &n) == -EBADMSG);
	r->rec_len = 8;
	CHECK(utracer__maps_decode(buf, off, 3, &m, &n) == -EBADMSG);
	r->rec_len = sizeof(*r) + 16;
	memset(r->path, 'x', 16);
	CHECK(utracer__maps_decode(buf, sizeof(*r) + 16, 1, &m, &n) == -EBADMSG);
}

int main(void)
{
	test_environ();
	test_maps();
	return ulib_verdict();
}
