// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Clients: registering with the module, the version check, unregistering,
 * and the module's version and feature query.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#define UTRACER_DEFAULT_ROOT "/proc/utrace"

bool utracer__opts_valid(const void *opts, size_t known_sz, size_t user_sz)
{
	const unsigned char *p = opts;
	size_t i;

	if (user_sz < sizeof(size_t))
		return false;
	for (i = known_sz; i < user_sz; i++)
		if (p[i])
			return false;
	return true;
}

int utracer__cmd(struct utracer *u, unsigned long request, void *arg)
{
	if (ioctl(u->cmd_fd, request, arg) < 0)
		return -errno;
	return 0;
}

/*
 * Open <root>/control. A missing control file (or root) means the module is
 * not loaded: ENOSYS, which utracer_strerror() spells out.
 */
static int open_control(const char *root, int *fd_out)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/control", root) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? -ENOSYS : -errno;
	*fd_out = fd;
	return 0;
}

static int check_version(int control_fd, struct utracer_version *v)
{
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	if (ioctl(control_fd, UTRACER_IOC_VERSION, v) < 0) {
		/* A module from before the version query: too old. */
		if (errno == ENOTTY)
			return -EPROTONOSUPPORT;
		return -errno;
	}
	/*
	 * A different major is another interface. Every minor of ours is
	 * enough while the library needs nothing past API 1.0; when it does,
	 * a minimum minor goes here.
	 */
	if (v->api_major != LIBUTRACER_API_MAJOR)
		return -EPROTONOSUPPORT;
	return 0;
}

static int open_client_file(const char *root, pid_t client, const char *name,
			    int flags, int *fd_out)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%d/%s", root, (int)client, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*fd_out = fd;
	return 0;
}

/*
 * Map the client's event ring (when the module has one): the consumer page
 * read-write, the producer page and the data area (twice) read-only. Events
 * come by read() when it cannot be mapped.
 */
static void ring_map(struct utracer *u)
{
	long page = sysconf(_SC_PAGESIZE);
	const struct utracer_ring_producer *prod;
	void *cons, *all;
	uint64_t size;
	size_t len;

	if (!(u->version.features & UTRACER_FEAT_RING) || page <= 0)
		return;
	prod = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, u->resp_fd, page);
	if (prod == MAP_FAILED)
		return;
	size = prod->data_size;
	munmap((void *)prod, (size_t)page);
	/* A power of two of whole pages, as the header says; else no ring. */
	if (size < (uint64_t)page || (size & (size - 1)) || size > SIZE_MAX / 4)
		return;
	len = (size_t)page + 2 * (size_t)size;
	cons = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED, u->resp_fd, 0);
	if (cons == MAP_FAILED)
		return;
	all = mmap(NULL, len, PROT_READ, MAP_SHARED, u->resp_fd, page);
	if (all == MAP_FAILED) {
		munmap(cons, (size_t)page);
		return;
	}
	u->ring_cons = cons;
	u->ring_prod = all;
	u->ring_data = (const unsigned char *)all + page;
	u->ring_mask = size - 1;
	u->ring_len = len;
}

void utracer__ring_unmap(struct utracer *u)
{
	if (!u->ring_cons)
		return;
	munmap((void *)u->ring_prod, u->ring_len);
	munmap(u->ring_cons, (size_t)sysconf(_SC_PAGESIZE));
	u->ring_cons = NULL;
	u->ring_prod = NULL;
}

UTRACER_EXPORT
struct utracer *utracer_open(const struct utracer_open_opts *opts)
{
	struct utracer_register reg;
	const char *root;
	struct utracer *u;
	int err;

	if (!OPTS_VALID(opts, utracer_open_opts) ||
	    OPTS_GET(opts, __pad0, 0) != 0)
		return utracer_err_ptr(-EINVAL);
	root = OPTS_GET(opts, proc_root, NULL);
	if (!root)
		root = UTRACER_DEFAULT_ROOT;

	u = calloc(1, sizeof(*u));
	if (!u)
		return utracer_err_ptr(-ENOMEM);
	u->control_fd = u->cmd_fd = u->resp_fd = -1;
	err = pthread_mutex_init(&u->ev_lock, NULL);
	if (err) {
		free(u);
		return utracer_err_ptr(-err);
	}

	err = open_control(root, &u->control_fd);
	if (err)
		goto err_free;
	err = check_version(u->control_fd, &u->version);
	if (err)
		goto err_close;

	memset(&reg, 0, sizeof(reg));
	reg.size = sizeof(reg);
	reg.queue_limit = OPTS_GET(opts, queue_limit, 0);
	if (ioctl(u->control_fd, UTRACER_IOC_REGISTER, &reg) < 0) {
		err = -errno;
		goto err_close;
	}
	u->client_pid = reg.client_pid;

	err = open_client_file(root, u->client_pid, "cmd", O_RDWR, &u->cmd_fd);
	if (err)
		goto err_unregister;
	err = open_client_file(root, u->client_pid, "resp",
			       O_RDWR | O_NONBLOCK, &u->resp_fd);
	if (err)
		goto err_unregister;
	ring_map(u);
	return u;

err_unregister:
	if (u->cmd_fd >= 0)
		close(u->cmd_fd);
	ioctl(u->control_fd, UTRACER_IOC_UNREGISTER);
err_close:
	close(u->control_fd);
err_free:
	pthread_mutex_destroy(&u->ev_lock);
	free(u);
	return utracer_err_ptr(err);
}

UTRACER_EXPORT
void utracer_close(struct utracer *u)
{
	int saved_errno = errno;

	if (!u)
		return;
	utracer__ring_unmap(u);
	close(u->resp_fd);
	close(u->cmd_fd);
	/* The module also cleans up on close; an error here changes nothing. */
	ioctl(u->control_fd, UTRACER_IOC_UNREGISTER);
	close(u->control_fd);
	pthread_mutex_destroy(&u->ev_lock);
	free(u->ev_buf);
	free(u->caps);
	free(u->cap_data);
	free(u);
	errno = saved_errno;
}

/* enum utracer_feature -> the module's UTRACER_FEAT_* bit. */
static const uint64_t feature_bits[UTRACER_FEATURE_MAX] = {
	[UTRACER_FEATURE_THREAD_ATTACH] = UTRACER_FEAT_ATTACH_THREAD,
	[UTRACER_FEATURE_QUIESCE] = UTRACER_FEAT_QUIESCE,
	[UTRACER_FEATURE_REGSETS] = UTRACER_FEAT_REGSETS,
	[UTRACER_FEATURE_MEM_READ] = UTRACER_FEAT_MEM_READ,
	[UTRACER_FEATURE_ENVIRON] = UTRACER_FEAT_ENV,
	[UTRACER_FEATURE_MAPS] = UTRACER_FEAT_MAPS,
	[UTRACER_FEATURE_EXE] = UTRACER_FEAT_EXE,
	[UTRACER_FEATURE_TASKS] = UTRACER_FEAT_TASKS,
	[UTRACER_FEATURE_SYSCALL_FILTER] = UTRACER_FEAT_SYSCALL_FILTER,
	[UTRACER_FEATURE_LOSSY] = UTRACER_FEAT_LOSSY,
	[UTRACER_FEATURE_AUXV] = UTRACER_FEAT_AUXV,
	[UTRACER_FEATURE_CMDLINE] = UTRACER_FEAT_CMDLINE,
	[UTRACER_FEATURE_STATUS] = UTRACER_FEAT_STATUS,
	[UTRACER_FEATURE_FDS] = UTRACER_FEAT_FDS,
	[UTRACER_FEATURE_REGSET_WRITE] = UTRACER_FEAT_REGSET_WRITE,
	[UTRACER_FEATURE_MEM_WRITE] = UTRACER_FEAT_MEM_WRITE,
	[UTRACER_FEATURE_FOLLOW] = UTRACER_FEAT_FOLLOW,
	[UTRACER_FEATURE_SYSCALL_STOPS] = UTRACER_FEAT_SYSCALL_STOPS,
	[UTRACER_FEATURE_BREAKPOINT] = UTRACER_FEAT_BREAKPOINT,
	[UTRACER_FEATURE_HWBP] = UTRACER_FEAT_HWBP,
	[UTRACER_FEATURE_QUIESCE_WAIT] = UTRACER_FEAT_QUIESCE_WAIT,
	[UTRACER_FEATURE_SYSCALL_BEFORE] = UTRACER_FEAT_SYSCALL_BEFORE,
	[UTRACER_FEATURE_SIGNAL_HOLD] = UTRACER_FEAT_SIGNAL_HOLD,
	[UTRACER_FEATURE_STEP] = UTRACER_FEAT_STEP,
	[UTRACER_FEATURE_RING] = UTRACER_FEAT_RING,
	[UTRACER_FEATURE_CAPTURE] = UTRACER_FEAT_CAPTURE,
	[UTRACER_FEATURE_RING_WAKEUP] = UTRACER_FEAT_RING_WAKEUP,
};

static uint64_t features_from_abi(uint64_t abi)
{
	uint64_t lib = 0;
	int i;

	for (i = 0; i < UTRACER_FEATURE_MAX; i++)
		if (abi & feature_bits[i])
			lib |= UINT64_C(1) << i;
	return lib;
}

UTRACER_EXPORT
int utracer_module_info(struct utracer *u, struct utracer_module_info *info)
{
	struct utracer_module_info full;
	struct utracer_version v;
	int err;

	if (!u || !info || info->sz < offsetofend(struct utracer_module_info, api_minor))
		return utracer_err(-EINVAL);

	/* Asked anew: the answer is the module's, not a copy from open. */
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	err = utracer__cmd(u, UTRACER_IOC_VERSION, &v);
	if (err)
		return utracer_err(err);

	memset(&full, 0, sizeof(full));
	full.sz = info->sz;
	full.api_major = v.api_major;
	full.api_minor = v.api_minor;
	full.features = features_from_abi(v.features);
	full.events = utracer__mask_from_abi(v.events);
	full.syscall_max = v.max_syscall;

	utracer__copy_sized(info, info->sz, &full, sizeof(full));
	return 0;
}

void utracer__copy_sized(void *dst, size_t sz, const void *full, size_t full_sz)
{
	memcpy(dst, full, sz < full_sz ? sz : full_sz);
	/* Fields of a newer caller that this library does not know: zero. */
	if (sz > full_sz)
		memset((char *)dst + full_sz, 0, sz - full_sz);
}

UTRACER_EXPORT
int utracer_has_feature(struct utracer *u, enum utracer_feature feat)
{
	if (!u || (unsigned int)feat >= UTRACER_FEATURE_MAX)
		return utracer_err(-EINVAL);
	/* The ring is this client's only once mapped. */
	if (feat == UTRACER_FEATURE_RING)
		return u->ring_cons != NULL;
	return (u->version.features & feature_bits[feat]) != 0;
}
