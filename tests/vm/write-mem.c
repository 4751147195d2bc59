// SPDX-License-Identifier: GPL-2.0
/*
 * Description: MEM_WRITE. A word of writable data written into a tracee
 * reads back and changes what the tracee prints; 3 MiB written in one
 * call read back and the tracee sums them; code written over a function
 * of read-only text changes its result in that process only: another
 * process running the same binary still gets the old one, and the
 * binary's file is unchanged. A write at an unmapped address gives EIO,
 * one running into an unmapped page is short; wrapping range, flags,
 * pad, done, size, bad pointers and a pid not attached give their errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define BIG (3 << 20)

static struct uabi_client c;

static long mem_write(pid_t pid, uint64_t addr, const void *buf, uint64_t len, uint64_t *done)
{
	struct utracer_mem_write m = { .size = sizeof(m), .pid = pid, .addr = addr,
				       .buf = (uintptr_t)buf, .len = len };
	long r = ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, &m);

	if (done)
		*done = m.done;
	return r;
}

static long mem_read(pid_t pid, uint64_t addr, void *buf, uint64_t len, uint64_t *done)
{
	struct utracer_mem_read m = { .size = sizeof(m), .pid = pid, .addr = addr,
				      .buf = (uintptr_t)buf, .len = len };
	long r = ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m);

	if (done)
		*done = m.done;
	return r;
}

/* A writable mapping of @pid not followed by another one: its end. */
static uint64_t writable_end(pid_t pid)
{
	char path[64], *maps, *line, *save;
	uint64_t start, end, prev_end = 0, found = 0;
	char perms[8];
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	maps = uabi_slurp(path, &len);
	if (!maps)
		return 0;
	for (line = strtok_r(maps, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &start, &end, perms) != 3)
			continue;
		if (found && found == prev_end && start != prev_end)
			break;
		found = 0;
		if (perms[1] == 'w' && !strstr(line, "[stack]"))
			found = end;
		prev_end = end;
	}
	free(maps);
	return found && found == prev_end ? found : 0;
}

int main(void)
{
	static const unsigned char ret7[] = { 0xb8, 0x07, 0x00, 0x00, 0x00, 0xc3 };
	char *argv_data[] = { (char *)uabi_prog("poke"), "data", NULL };
	char copy[] = "/tmp/write-mem-poke";
	char *argv_text[] = { copy, "text", NULL };
	struct utracer_mem_write m = { .size = sizeof(m) };
	struct uabi_child ch, a, b;
	unsigned long long value_addr = 0, big_addr = 0, fn_addr = 0, fn_b = 0;
	unsigned char *big, *back, code[sizeof(ret7)];
	char line[128], *orig, *after;
	size_t orig_len, after_len, i;
	uint64_t done, end, word = 0x1234, sum = 0, got_sum = 0;
	unsigned long got = 0;
	int status, fd;
	pid_t pid;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");

	/* Data: a word, then 3 MiB. */
	CHECK(uabi_spawn(&ch, argv_data) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(sscanf(line, "ready %d %llx %llx", &pid, &value_addr, &big_addr) == 3,
	      "line '%s'", line);
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));
	big = malloc(BIG);
	back = malloc(BIG);
	for (i = 0; i < BIG; i++) {
		big[i] = (unsigned char)(i * 7 + (i >> 12));
		sum += big[i];
	}
	CHECK_OK(mem_write(ch.pid, big_addr, big, BIG, &done));
	CHECK(done == BIG, "big write done %llu", (unsigned long long)done);
	memset(back, 0, BIG);
	CHECK_OK(mem_read(ch.pid, big_addr, back, BIG, &done));
	CHECK(done == BIG && !memcmp(big, back, BIG), "big read back differs");
	/* Errors, before the word that ends the tracee's wait. */
	CHECK_ERR(mem_write(ch.pid, 0, &word, sizeof(word), NULL), EIO);
	CHECK_ERR(mem_write(ch.pid, value_addr, (void *)8, sizeof(word), NULL), EFAULT);
	CHECK_ERR(mem_write(ch.pid, UINT64_MAX - 3, &word, sizeof(word), NULL), EINVAL);
	CHECK_ERR(mem_write(1, value_addr, &word, sizeof(word), NULL), ESRCH);
	m.pid = ch.pid;
	m.addr = value_addr;
	m.buf = (uintptr_t)&word;
	m.len = sizeof(word);
	m.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, &m), EINVAL);
	m.flags = 0;
	m.pad = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, &m), EINVAL);
	m.pad = 0;
	m.done = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, &m), EINVAL);
	m.done = 0;
	m.size = 40;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, &m), EINVAL);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, (void *)8), EFAULT);
	m.size = sizeof(m);
	m.len = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_MEM_WRITE, &m));
	CHECK(m.done == 0, "len 0 done %llu", (unsigned long long)m.done);
	/* Into an unmapped page: short. */
	end = writable_end(ch.pid);
	CHECK(end != 0, "no writable mapping before a hole");
	if (end) {
		CHECK_OK(mem_write(ch.pid, end - 4, "abcdefgh", 8, &done));
		CHECK(done == 4, "write across the end: done %llu", (unsigned long long)done);
	}
	/* The word: read back, and the tracee sees it. */
	CHECK_OK(mem_write(ch.pid, value_addr, &word, sizeof(word), &done));
	CHECK(done == sizeof(word), "done %llu", (unsigned long long)done);
	word = 0;
	CHECK_OK(mem_read(ch.pid, value_addr, &word, sizeof(word), NULL));
	CHECK(word == 0x1234, "read back %#llx", (unsigned long long)word);
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee silent");
	CHECK(sscanf(line, "value %lx %" SCNu64, &got, &got_sum) == 2 && got == 0x1234 &&
	      got_sum == sum, "tracee says '%s', want value 1234 %" PRIu64, line, sum);
	CHECK(uabi_reap(&ch, &status) == 0 && WIFEXITED(status) && !WEXITSTATUS(status),
	      "data tracee status %#x", status);
	free(big);
	free(back);

	/* Text: two processes of one binary, a private copy of it on /tmp. */
	orig = uabi_slurp(uabi_prog("poke"), &orig_len);
	CHECK(orig != NULL, "read poke");
	fd = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(fd >= 0 && write(fd, orig, orig_len) == (ssize_t)orig_len, "copy poke");
	close(fd);
	CHECK(uabi_spawn(&a, argv_text) == 0, "spawn a");
	CHECK(uabi_spawn(&b, argv_text) == 0, "spawn b");
	CHECK(uabi_read_line(&a, line, sizeof(line), TMO) > 0, "a not ready");
	CHECK(sscanf(line, "ready %d %llx", &pid, &fn_addr) == 2, "line '%s'", line);
	CHECK(uabi_read_line(&b, line, sizeof(line), TMO) > 0, "b not ready");
	CHECK(sscanf(line, "ready %d %llx", &pid, &fn_b) == 2, "line '%s'", line);
	CHECK_OK(uabi_attach(&c, a.pid, 0, 0, 0));
	CHECK_OK(mem_write(a.pid, fn_addr, ret7, sizeof(ret7), &done));
	CHECK(done == sizeof(ret7), "text write done %llu", (unsigned long long)done);
	CHECK_OK(mem_read(a.pid, fn_addr, code, sizeof(code), NULL));
	CHECK(!memcmp(code, ret7, sizeof(ret7)), "text read back differs");
	CHECK(write(a.in, "go\n", 3) == 3 && write(b.in, "go\n", 3) == 3, "poke a, b");
	CHECK(uabi_read_line(&a, line, sizeof(line), TMO) > 0 && !strcmp(line, "answer 7"),
	      "a says '%s', want answer 7", line);
	CHECK(uabi_read_line(&b, line, sizeof(line), TMO) > 0 && !strcmp(line, "answer 1"),
	      "b says '%s', want answer 1", line);
	after = uabi_slurp(copy, &after_len);
	CHECK(after && after_len == orig_len && !memcmp(orig, after, orig_len),
	      "the binary's file changed");
	CHECK(uabi_reap(&a, &status) == 0 && WIFEXITED(status), "a status %#x", status);
	CHECK(uabi_reap(&b, &status) == 0 && WIFEXITED(status), "b status %#x", status);
	unlink(copy);
	free(orig);
	free(after);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
