// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The JNI layer of the Java bindings (package org.utracer): one native
 * method per libutracer call, over the library's public API only.
 *
 * The Java side (org.utracer.Native) checks arguments (null, negative
 * sizes, ranges) and the client's state before calling here; this file
 * checks again whatever could make it touch memory wrongly, so that no
 * input reaches the library or the JVM unchecked. A client handle is the
 * struct utracer pointer as a jlong; org.utracer.Client keeps it valid for
 * the whole of each call (a read-write lock against close()).
 *
 * Errors: a negative errno from the library becomes an
 * org.utracer.UtracerException carrying the errno and utracer_strerror()'s
 * text; list results come back as flat long[] arrays and byte[] strings,
 * which the Java side turns into typed objects (no JNI object building).
 */
#include <errno.h>
#include <jni.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>
#include <sys/wait.h>
#include <utracer.h>

#include "org_utracer_Native.h"

/* Global references, made once in JNI_OnLoad. */
static jclass exception_class;	/* org.utracer.UtracerException */
static jmethodID exception_ctor;	/* (ILjava/lang/String;)V */
static jclass bytes_class;	/* byte[] */
static jclass object_class;	/* java.lang.Object */

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
	JNIEnv *env;
	jclass c;

	if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
		return JNI_ERR;
	c = (*env)->FindClass(env, "org/utracer/UtracerException");
	if (!c)
		return JNI_ERR;
	exception_class = (*env)->NewGlobalRef(env, c);
	exception_ctor = (*env)->GetMethodID(env, c, "<init>", "(ILjava/lang/String;Ljava/lang/String;)V");
	c = (*env)->FindClass(env, "[B");
	if (!c)
		return JNI_ERR;
	bytes_class = (*env)->NewGlobalRef(env, c);
	c = (*env)->FindClass(env, "java/lang/Object");
	if (!c)
		return JNI_ERR;
	object_class = (*env)->NewGlobalRef(env, c);
	if (!exception_class || !exception_ctor || !bytes_class || !object_class)
		return JNI_ERR;
	return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved)
{
	JNIEnv *env;

	if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
		return;
	(*env)->DeleteGlobalRef(env, exception_class);
	(*env)->DeleteGlobalRef(env, bytes_class);
	(*env)->DeleteGlobalRef(env, object_class);
}

/* Throw UtracerException(err, what, utracer_strerror(err)); returns err. */
static long throw_errno(JNIEnv *env, long err, const char *what)
{
	jstring w, msg;
	jobject ex;

	if (err < 0)
		err = -err;
	if ((*env)->ExceptionCheck(env))
		return err;
	w = (*env)->NewStringUTF(env, what);
	msg = (*env)->NewStringUTF(env, utracer_strerror((int)err));
	if (!w || !msg)
		return err;	/* OutOfMemoryError pending */
	ex = (*env)->NewObject(env, exception_class, exception_ctor, (jint)err, w, msg);
	if (ex)
		(*env)->Throw(env, ex);
	return err;
}

/* ret, or an exception when it is negative. */
static jlong check(JNIEnv *env, long ret, const char *what)
{
	if (ret < 0)
		throw_errno(env, ret, what);
	return ret;
}

static struct utracer *client(jlong h)
{
	return (struct utracer *)(intptr_t)h;
}

static jbyteArray new_bytes(JNIEnv *env, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	jbyteArray a;

	if (n > INT_MAX)
		n = INT_MAX;
	a = (*env)->NewByteArray(env, (jsize)n);
	if (a && n)
		(*env)->SetByteArrayRegion(env, a, 0, (jsize)n, (const jbyte *)s);
	return a;
}

/* A NUL-terminated copy of a byte[] (a path, an argument); NULL + exception. */
static char *dup_bytes(JNIEnv *env, jbyteArray a)
{
	jsize n;
	char *s;

	if (!a) {
		throw_errno(env, EINVAL, "a null string");
		return NULL;
	}
	n = (*env)->GetArrayLength(env, a);
	s = malloc((size_t)n + 1);
	if (!s) {
		throw_errno(env, ENOMEM, "copying a string");
		return NULL;
	}
	(*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)s);
	s[n] = '\0';
	if (memchr(s, '\0', (size_t)n)) {
		free(s);
		throw_errno(env, EINVAL, "a string with a NUL byte");
		return NULL;
	}
	return s;
}

/* A NULL-terminated vector of copies of byte[][]; NULL + exception. */
static char **dup_vector(JNIEnv *env, jobjectArray a)
{
	jsize n, i;
	char **v;

	if (!a) {
		throw_errno(env, EINVAL, "a null array");
		return NULL;
	}
	n = (*env)->GetArrayLength(env, a);
	v = calloc((size_t)n + 1, sizeof(*v));
	if (!v) {
		throw_errno(env, ENOMEM, "copying an array");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		jbyteArray el = (*env)->GetObjectArrayElement(env, a, i);

		v[i] = el ? dup_bytes(env, el) : NULL;
		if (el)
			(*env)->DeleteLocalRef(env, el);
		if (!v[i]) {
			throw_errno(env, EINVAL, "a null string in an array");
			while (i--)
				free(v[i]);
			free(v);
			return NULL;
		}
	}
	return v;
}

static void free_vector(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Object[]{ long[] nums, byte[][] strs } for the list calls. */
static jobjectArray pair(JNIEnv *env, const jlong *nums, size_t n,
			 const char *const *strs, size_t ns)
{
	jobjectArray out, sa;
	jlongArray la;
	size_t i;

	if (n > INT_MAX || ns > INT_MAX) {
		throw_errno(env, EOVERFLOW, "a list too long for Java");
		return NULL;
	}
	out = (*env)->NewObjectArray(env, 2, object_class, NULL);
	la = out ? (*env)->NewLongArray(env, (jsize)n) : NULL;
	sa = la ? (*env)->NewObjectArray(env, (jsize)ns, bytes_class, NULL) : NULL;
	if (!sa)
		return NULL;
	if (n)
		(*env)->SetLongArrayRegion(env, la, 0, (jsize)n, nums);
	for (i = 0; i < ns; i++) {
		jbyteArray b = new_bytes(env, strs[i]);

		if (!b)
			return NULL;
		(*env)->SetObjectArrayElement(env, sa, (jsize)i, b);
		(*env)->DeleteLocalRef(env, b);
	}
	(*env)->SetObjectArrayElement(env, out, 0, la);
	(*env)->SetObjectArrayElement(env, out, 1, sa);
	return out;
}

/* Scratch arrays for pair(); NULL + exception when out of memory. */
static void *scratch(JNIEnv *env, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		throw_errno(env, ENOMEM, "a result array");
	return p;
}

/* Turns one record of a list into longs at e; returns its path, or NULL. */
typedef const char *record_fill(const void *rec, jlong *e);

/*
 * The n records of elem bytes at list, width longs each by fill, in a
 * scratch array (with their paths into paths when it is not NULL); NULL
 * after throwing.
 */
static jlong *flatten(JNIEnv *env, const void *list, size_t n, size_t elem, size_t width,
		      record_fill *fill, const char **paths, const char *what)
{
	jlong *v;
	size_t i;

	if (n > INT_MAX / width) {
		throw_errno(env, EOVERFLOW, what);
		return NULL;
	}
	v = scratch(env, n * width, sizeof(*v));
	for (i = 0; v && i < n; i++) {
		const char *path = fill((const char *)list + i * elem, v + i * width);

		if (paths)
			paths[i] = path;
	}
	return v;
}

/*
 * A list the library returned (n records of elem bytes at list, which this
 * frees; NULL with errno set: throws, naming what) as width longs a record.
 */
static jlongArray long_records(JNIEnv *env, void *list, size_t n, size_t elem, size_t width,
			       record_fill *fill, const char *what)
{
	jlongArray r = NULL;
	jlong *v;

	if (!list) {
		throw_errno(env, errno, what);
		return NULL;
	}
	v = flatten(env, list, n, elem, width, fill, NULL, what);
	if (v) {
		r = (*env)->NewLongArray(env, (jsize)(n * width));
		if (r && n)
			(*env)->SetLongArrayRegion(env, r, 0, (jsize)(n * width), v);
	}
	free(v);
	free(list);
	return r;
}

/* As long_records(), with each record's path: { longs } + paths. */
static jobjectArray path_records(JNIEnv *env, void *list, size_t n, size_t elem, size_t width,
				 record_fill *fill, const char *what)
{
	jobjectArray r = NULL;
	const char **paths;
	jlong *v = NULL;

	if (!list) {
		throw_errno(env, errno, what);
		return NULL;
	}
	paths = scratch(env, n, sizeof(*paths));
	if (paths)
		v = flatten(env, list, n, elem, width, fill, paths, what);
	if (v)
		r = pair(env, v, n * width, paths, n);
	free(paths);
	free(v);
	free(list);
	return r;
}

/* --- client ----------------------------------------------------------------- */

JNIEXPORT jlong JNICALL Java_org_utracer_Native_open(JNIEnv *env, jclass cls,
						     jbyteArray proc_root, jint queue_limit)
{
	UTRACER_OPTS(utracer_open_opts, opts, .queue_limit = (uint32_t)queue_limit);
	struct utracer *u;
	char *root = NULL;

	if (proc_root) {
		root = dup_bytes(env, proc_root);
		if (!root)
			return 0;
		opts.proc_root = root;
	}
	u = utracer_open(&opts);
	if (!u)
		throw_errno(env, errno, "utracer_open");
	free(root);
	return (jlong)(intptr_t)u;
}

JNIEXPORT void JNICALL Java_org_utracer_Native_close(JNIEnv *env, jclass cls, jlong h)
{
	utracer_close(client(h));
}

JNIEXPORT jstring JNICALL Java_org_utracer_Native_libraryVersion(JNIEnv *env, jclass cls)
{
	return (*env)->NewStringUTF(env, utracer_library_version());
}

JNIEXPORT jstring JNICALL Java_org_utracer_Native_strerror(JNIEnv *env, jclass cls, jint err)
{
	return (*env)->NewStringUTF(env, utracer_strerror(err));
}

JNIEXPORT jstring JNICALL Java_org_utracer_Native_eventName(JNIEnv *env, jclass cls, jint kind)
{
	const char *name = kind > 0 ? utracer_event_name((unsigned int)kind) : NULL;

	return name ? (*env)->NewStringUTF(env, name) : NULL;
}

JNIEXPORT jstring JNICALL Java_org_utracer_Native_syscallName(JNIEnv *env, jclass cls,
							       jint nr, jint arch)
{
	char *name = seccomp_syscall_resolve_num_arch((uint32_t)arch, nr);
	jstring s;

	if (!name)
		return NULL;
	s = (*env)->NewStringUTF(env, name);
	free(name);
	return s;
}

JNIEXPORT jlongArray JNICALL Java_org_utracer_Native_moduleInfo(JNIEnv *env, jclass cls, jlong h)
{
	struct utracer_module_info info = { .sz = sizeof(info) };
	jlong v[5];
	jlongArray a;

	if (check(env, utracer_module_info(client(h), &info), "module info") < 0)
		return NULL;
	v[0] = info.api_major;
	v[1] = info.api_minor;
	v[2] = (jlong)info.features;
	v[3] = (jlong)info.events;
	v[4] = info.syscall_max;
	a = (*env)->NewLongArray(env, 5);
	if (a)
		(*env)->SetLongArrayRegion(env, a, 0, 5, v);
	return a;
}

JNIEXPORT jboolean JNICALL Java_org_utracer_Native_hasFeature(JNIEnv *env, jclass cls,
							      jlong h, jint feat)
{
	return check(env, utracer_has_feature(client(h), (enum utracer_feature)feat),
		     "feature") > 0;
}

JNIEXPORT void JNICALL Java_org_utracer_Native_setWakeup(JNIEnv *env, jclass cls, jlong h,
							 jint bytes, jint ms)
{
	check(env, utracer_set_wakeup(client(h), (uint32_t)bytes, (uint32_t)ms), "set wakeup");
}

/* --- attach, spawn, control ---------------------------------------------------- */

JNIEXPORT void JNICALL Java_org_utracer_Native_attach(JNIEnv *env, jclass cls, jlong h,
						      jint pid, jint flags, jlong events,
						      jlong stop_events)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = (uint32_t)flags,
		     .events = (uint64_t)events, .stop_events = (uint64_t)stop_events);

	check(env, utracer_attach(client(h), pid, &opts), "attach");
}

JNIEXPORT jint JNICALL Java_org_utracer_Native_spawn(JNIEnv *env, jclass cls, jlong h,
						     jobjectArray argv, jobjectArray envp,
						     jbyteArray cwd, jint flags, jlong events,
						     jlong stop_events)
{
	UTRACER_OPTS(utracer_attach_opts, attach, .flags = (uint32_t)flags,
		     .events = (uint64_t)events, .stop_events = (uint64_t)stop_events);
	UTRACER_OPTS(utracer_spawn_opts, opts, .attach = &attach);
	char **args, **vars = NULL, *dir = NULL;
	jint pid = -1;

	args = dup_vector(env, argv);
	if (!args)
		return -1;
	if (!args[0]) {
		throw_errno(env, EINVAL, "spawn: an empty argv");
		goto out;
	}
	if (envp) {
		vars = dup_vector(env, envp);
		if (!vars)
			goto out;
		opts.envp = vars;
	}
	if (cwd) {
		dir = dup_bytes(env, cwd);
		if (!dir)
			goto out;
		opts.cwd = dir;
	}
	if (!strchr(args[0], '/'))
		opts.flags |= UTRACER_SPAWN_F_SEARCH_PATH;
	pid = (jint)check(env, utracer_spawn(client(h), args[0], args, &opts), "spawn");
out:
	free_vector(args);
	free_vector(vars);
	free(dir);
	return pid;
}

JNIEXPORT void JNICALL Java_org_utracer_Native_detach(JNIEnv *env, jclass cls, jlong h,
						      jint pid, jint flags)
{
	check(env, utracer_detach(client(h), pid, (unsigned int)flags), "detach");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_setEvents(JNIEnv *env, jclass cls, jlong h,
							 jint pid, jlong events, jlong stop_events)
{
	check(env, utracer_set_events(client(h), pid, (uint64_t)events, (uint64_t)stop_events),
	      "set events");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_quiesce(JNIEnv *env, jclass cls, jlong h,
						       jint pid, jint flags)
{
	check(env, utracer_quiesce(client(h), pid, (unsigned int)flags), "stop");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_run(JNIEnv *env, jclass cls, jlong h,
						   jint pid, jint flags)
{
	check(env, utracer_run(client(h), pid, (unsigned int)flags), "resume");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_step(JNIEnv *env, jclass cls, jlong h,
						    jint tid, jint flags)
{
	check(env, utracer_step(client(h), tid, (unsigned int)flags), "step");
}

JNIEXPORT jboolean JNICALL Java_org_utracer_Native_isAttached(JNIEnv *env, jclass cls,
							      jlong h, jint pid)
{
	return check(env, utracer_is_attached(client(h), pid), "is attached") > 0;
}

/* Reap a child of ours (a spawned tracee): its wait status. */
JNIEXPORT jint JNICALL Java_org_utracer_Native_waitpid(JNIEnv *env, jclass cls, jint pid)
{
	int status;
	pid_t r;

	if (pid <= 0)
		return (jint)throw_errno(env, EINVAL, "waitpid");
	do
		r = waitpid(pid, &status, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return (jint)throw_errno(env, errno, "waitpid");
	return status;
}

static const char *task_fill(const void *rec, jlong *e)
{
	const struct utracer_task *t = rec;

	e[0] = t->pid;
	e[1] = t->tid;
	e[2] = t->state;
	e[3] = t->flags;
	return NULL;
}

/* { pid, tid, state, flags } per thread. */
JNIEXPORT jlongArray JNICALL Java_org_utracer_Native_tasks(JNIEnv *env, jclass cls, jlong h)
{
	size_t n = 0;
	struct utracer_task *t = utracer_task_list(client(h), &n);

	return long_records(env, t, n, sizeof(*t), 4, task_fill, "task list");
}

/* --- inspection ------------------------------------------------------------------ */

/*
 * A register set as the kernel lays it out (x86-64: 27 longs; ia32: 17
 * ints) in a byte[]: the Java side decodes it by its size.
 */
JNIEXPORT jint JNICALL Java_org_utracer_Native_regsRead(JNIEnv *env, jclass cls, jlong h,
							jint tid, jbyteArray out)
{
	uint64_t regs[64];
	ssize_t n;
	jsize len;

	if (!out)
		return (jint)throw_errno(env, EINVAL, "registers: a null array");
	n = utracer_regset_read(client(h), tid, 1 /* NT_PRSTATUS */, regs, sizeof(regs));
	if (check(env, n, "registers") < 0)
		return -1;
	len = (*env)->GetArrayLength(env, out);
	if ((size_t)n > (size_t)len) {
		throw_errno(env, EBADMSG, "registers: a set larger than expected");
		return -1;
	}
	(*env)->SetByteArrayRegion(env, out, 0, (jsize)n, (const jbyte *)regs);
	return (jint)n;
}

JNIEXPORT void JNICALL Java_org_utracer_Native_regsWrite(JNIEnv *env, jclass cls, jlong h,
							 jint tid, jbyteArray in, jint bytes)
{
	uint64_t regs[64];
	jsize len;

	if (!in || bytes <= 0 || (size_t)bytes > sizeof(regs)) {
		throw_errno(env, EINVAL, "set registers");
		return;
	}
	len = (*env)->GetArrayLength(env, in);
	if (bytes > len) {
		throw_errno(env, EINVAL, "set registers: a short array");
		return;
	}
	(*env)->GetByteArrayRegion(env, in, 0, bytes, (jbyte *)regs);
	check(env, utracer_regset_write(client(h), tid, 1, regs, (size_t)bytes), "set registers");
}

/*
 * Memory through a byte[] (offset, length) or a direct ByteBuffer (its
 * address plus offset): the Java side checked the ranges; checked again.
 */
static void *region(JNIEnv *env, jbyteArray arr, jobject buf, jint off, jint len,
		    jbyte **elems)
{
	jlong cap;
	char *base;

	*elems = NULL;
	if (off < 0 || len < 0) {
		throw_errno(env, EINVAL, "a negative offset or length");
		return NULL;
	}
	if (arr) {
		if ((jlong)off + len > (*env)->GetArrayLength(env, arr)) {
			throw_errno(env, EINVAL, "a range past the array");
			return NULL;
		}
		*elems = (*env)->GetByteArrayElements(env, arr, NULL);
		if (!*elems)
			return NULL;
		return *elems + off;
	}
	if (!buf) {
		throw_errno(env, EINVAL, "a null buffer");
		return NULL;
	}
	base = (*env)->GetDirectBufferAddress(env, buf);
	cap = (*env)->GetDirectBufferCapacity(env, buf);
	if (!base || cap < 0 || (jlong)off + len > cap) {
		throw_errno(env, EINVAL, "not a direct buffer, or a range past it");
		return NULL;
	}
	return base + off;
}

JNIEXPORT jint JNICALL Java_org_utracer_Native_memRead(JNIEnv *env, jclass cls, jlong h,
						       jint pid, jlong addr, jbyteArray arr,
						       jobject buf, jint off, jint len)
{
	jbyte *elems;
	void *p = region(env, arr, buf, off, len, &elems);
	ssize_t n;

	if (!p)
		return -1;
	n = utracer_mem_read(client(h), pid, (uint64_t)addr, p, (size_t)len);
	if (elems)
		(*env)->ReleaseByteArrayElements(env, arr, elems, n > 0 ? 0 : JNI_ABORT);
	return (jint)check(env, n, "read memory");
}

JNIEXPORT jint JNICALL Java_org_utracer_Native_memWrite(JNIEnv *env, jclass cls, jlong h,
							jint pid, jlong addr, jbyteArray arr,
							jobject buf, jint off, jint len)
{
	jbyte *elems;
	void *p = region(env, arr, buf, off, len, &elems);
	ssize_t n;

	if (!p)
		return -1;
	n = utracer_mem_write(client(h), pid, (uint64_t)addr, p, (size_t)len);
	if (elems)
		(*env)->ReleaseByteArrayElements(env, arr, elems, JNI_ABORT);
	return (jint)check(env, n, "write memory");
}

/* The n strings of v, which it frees; NULL (errno set): throws, naming what. */
static jobjectArray strings(JNIEnv *env, char **v, size_t n, const char *what)
{
	jobjectArray r;

	if (!v) {
		throw_errno(env, errno, what);
		return NULL;
	}
	r = pair(env, NULL, 0, (const char *const *)v, n);
	free(v);
	return r;
}

JNIEXPORT jobjectArray JNICALL Java_org_utracer_Native_environ(JNIEnv *env, jclass cls,
								jlong h, jint pid)
{
	size_t n = 0;
	char **v = utracer_environ_list(client(h), pid, &n);

	return strings(env, v, n, "environment");
}

JNIEXPORT jobjectArray JNICALL Java_org_utracer_Native_cmdline(JNIEnv *env, jclass cls,
								jlong h, jint pid)
{
	size_t n = 0;
	char **v = utracer_cmdline_list(client(h), pid, &n);

	return strings(env, v, n, "command line");
}

JNIEXPORT jbyteArray JNICALL Java_org_utracer_Native_exe(JNIEnv *env, jclass cls,
							 jlong h, jint pid)
{
	char *p = utracer_exe_path(client(h), pid);
	jbyteArray a;

	if (!p) {
		throw_errno(env, errno, "executable");
		return NULL;
	}
	a = new_bytes(env, p);
	free(p);
	return a;
}

static const char *map_fill(const void *rec, jlong *e)
{
	const struct utracer_map *m = rec;

	e[0] = (jlong)m->start;
	e[1] = (jlong)m->end;
	e[2] = (jlong)m->offset;
	e[3] = (jlong)m->inode;
	e[4] = m->dev_major;
	e[5] = m->dev_minor;
	e[6] = m->prot;
	e[7] = m->flags;
	return m->path;
}

/* { start, end, offset, inode, dev_major, dev_minor, prot, flags } + paths */
JNIEXPORT jobjectArray JNICALL Java_org_utracer_Native_maps(JNIEnv *env, jclass cls,
							     jlong h, jint pid)
{
	size_t n = 0;
	struct utracer_map *m = utracer_map_list(client(h), pid, &n);

	return path_records(env, m, n, sizeof(*m), 8, map_fill, "maps");
}

/* { type, value } */
JNIEXPORT jlongArray JNICALL Java_org_utracer_Native_auxv(JNIEnv *env, jclass cls,
							  jlong h, jint pid)
{
	struct utracer_auxv *a;
	jlongArray r = NULL;
	size_t n;

	a = utracer_auxv_list(client(h), pid, &n);
	if (!a) {
		throw_errno(env, errno, "auxiliary vector");
		return NULL;
	}
	if (n > INT_MAX / 2) {
		throw_errno(env, EOVERFLOW, "auxiliary vector");
	} else {
		r = (*env)->NewLongArray(env, (jsize)(n * 2));
		if (r && n)
			(*env)->SetLongArrayRegion(env, r, 0, (jsize)(n * 2), (const jlong *)a);
	}
	free(a);
	return r;
}

/* { state, pid, tid, ppid, threads, uid[4], gid[4], 5 signal masks } */
JNIEXPORT jlongArray JNICALL Java_org_utracer_Native_status(JNIEnv *env, jclass cls,
							    jlong h, jint pid)
{
	struct utracer_task_status st = { .sz = sizeof(st) };
	jlong v[18];
	jlongArray r;
	int i;

	if (check(env, utracer_task_status(client(h), pid, &st), "status") < 0)
		return NULL;
	v[0] = st.state;
	v[1] = st.pid;
	v[2] = st.tid;
	v[3] = st.ppid;
	v[4] = st.threads;
	for (i = 0; i < 4; i++) {
		v[5 + i] = st.uid[i];
		v[9 + i] = st.gid[i];
	}
	v[13] = (jlong)st.sig_pending;
	v[14] = (jlong)st.sig_shared;
	v[15] = (jlong)st.sig_blocked;
	v[16] = (jlong)st.sig_ignored;
	v[17] = (jlong)st.sig_caught;
	r = (*env)->NewLongArray(env, 18);
	if (r)
		(*env)->SetLongArrayRegion(env, r, 0, 18, v);
	return r;
}

static const char *fd_fill(const void *rec, jlong *e)
{
	const struct utracer_fd *f = rec;

	e[0] = f->fd;
	e[1] = f->flags;
	e[2] = f->mode;
	e[3] = f->dev_major;
	e[4] = f->dev_minor;
	e[5] = (jlong)f->pos;
	e[6] = (jlong)f->inode;
	return f->path;
}

/* { fd, flags, mode, dev_major, dev_minor, pos, inode } + paths */
JNIEXPORT jobjectArray JNICALL Java_org_utracer_Native_fds(JNIEnv *env, jclass cls,
							    jlong h, jint pid)
{
	size_t n = 0;
	struct utracer_fd *f = utracer_fd_list(client(h), pid, &n);

	return path_records(env, f, n, sizeof(*f), 7, fd_fill, "file descriptors");
}

/* --- breakpoints ------------------------------------------------------------------- */

JNIEXPORT jint JNICALL Java_org_utracer_Native_breakpointSet(JNIEnv *env, jclass cls,
							     jlong h, jbyteArray path,
							     jlong offset)
{
	char *p = dup_bytes(env, path);
	jint id;

	if (!p)
		return -1;
	id = (jint)check(env, utracer_breakpoint_set(client(h), p, (uint64_t)offset),
			 "set breakpoint");
	free(p);
	return id;
}

JNIEXPORT jint JNICALL Java_org_utracer_Native_breakpointSetAddr(JNIEnv *env, jclass cls,
								 jlong h, jint pid, jlong addr)
{
	return (jint)check(env, utracer_breakpoint_set_addr(client(h), pid, (uint64_t)addr,
							    NULL),
			   "set breakpoint");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_breakpointRemove(JNIEnv *env, jclass cls,
								jlong h, jint id)
{
	check(env, utracer_breakpoint_remove(client(h), (uint32_t)id), "remove breakpoint");
}

static const char *breakpoint_fill(const void *rec, jlong *e)
{
	const struct utracer_breakpoint *b = rec;

	e[0] = b->id;
	e[1] = b->flags;
	e[2] = (jlong)b->offset;
	e[3] = (jlong)b->inode;
	e[4] = b->dev_major;
	e[5] = b->dev_minor;
	e[6] = (jlong)b->addr;
	e[7] = (jlong)b->hits;
	return NULL;
}

/* { id, flags, offset, inode, dev_major, dev_minor, addr, hits } */
JNIEXPORT jlongArray JNICALL Java_org_utracer_Native_breakpoints(JNIEnv *env, jclass cls,
								 jlong h)
{
	size_t n = 0;
	struct utracer_breakpoint *b = utracer_breakpoint_list(client(h), &n);

	return long_records(env, b, n, sizeof(*b), 8, breakpoint_fill, "breakpoint list");
}

/* --- hardware breakpoints --------------------------------------------------------- */

JNIEXPORT jint JNICALL Java_org_utracer_Native_hwbpSet(JNIEnv *env, jclass cls, jlong h,
						       jint pid, jlong addr, jint len,
						       jint type)
{
	if (len < 0) {
		throw_errno(env, EINVAL, "set hardware breakpoint: a negative length");
		return -1;
	}
	return (jint)check(env, utracer_hwbp_set(client(h), pid, (uint64_t)addr, (uint32_t)len,
						 (enum utracer_hwbp_type)type),
			   "set hardware breakpoint");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_hwbpRemove(JNIEnv *env, jclass cls, jlong h,
							  jint id)
{
	check(env, utracer_hwbp_remove(client(h), (uint32_t)id), "remove hardware breakpoint");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_setSignalHolds(JNIEnv *env, jclass cls, jlong h,
							      jint pid, jlong mask)
{
	check(env, utracer_set_signal_holds(client(h), pid, (uint64_t)mask), "hold signals");
}

JNIEXPORT void JNICALL Java_org_utracer_Native_signalVerdict(JNIEnv *env, jclass cls, jlong h,
							     jint tid, jint signo)
{
	check(env, utracer_signal_verdict(client(h), tid, signo), "signal verdict");
}

static const char *hwbp_fill(const void *rec, jlong *e)
{
	const struct utracer_hwbp *b = rec;

	e[0] = b->id;
	e[1] = b->type;
	e[2] = b->pid;
	e[3] = b->len;
	e[4] = (jlong)b->addr;
	e[5] = (jlong)b->hits;
	return NULL;
}

/* { id, type, pid, len, addr, hits } */
JNIEXPORT jlongArray JNICALL Java_org_utracer_Native_hwbps(JNIEnv *env, jclass cls, jlong h)
{
	size_t n = 0;
	struct utracer_hwbp *b = utracer_hwbp_list(client(h), &n);

	return long_records(env, b, n, sizeof(*b), 6, hwbp_fill, "hardware breakpoint list");
}

/* --- events ---------------------------------------------------------------------- */

/*
 * Wait up to timeout_ms for an event and decode it into out (at least
 * EVENT_LONGS longs): { type, flags, pid, tid, seq, time_ns, then the
 * kind's fields }; an exec path goes to path (its length in out[6]).
 * Returns 1, or 0 when no event came in time (EAGAIN, EINTR).
 */
#define EVENT_LONGS 16
JNIEXPORT jint JNICALL Java_org_utracer_Native_eventWait(JNIEnv *env, jclass cls, jlong h,
							 jlongArray out, jbyteArray path,
							 jint timeout_ms)
{
	struct utracer_event_info ev;
	jlong v[EVENT_LONGS] = { 0 };
	size_t plen;
	int ret, i;

	if (!out || !path || (*env)->GetArrayLength(env, out) < EVENT_LONGS ||
	    (*env)->GetArrayLength(env, path) < UTRACER_PATH_MAX) {
		throw_errno(env, EINVAL, "event: short arrays");
		return -1;
	}
	ret = utracer_event_wait(client(h), &ev, timeout_ms);
	if (ret == -EAGAIN || ret == -EINTR)
		return 0;
	if (check(env, ret, "wait for an event") < 0)
		return -1;
	v[0] = ev.type;
	v[1] = ev.flags;
	v[2] = ev.pid;
	v[3] = ev.tid;
	v[4] = (jlong)ev.seq;
	v[5] = (jlong)ev.time_ns;
	switch (ev.type) {
	case UTRACER_EVENT_SYSCALL_ENTRY:
		v[6] = ev.syscall_entry.nr;
		v[7] = ev.syscall_entry.arch;
		for (i = 0; i < 6; i++)
			v[8 + i] = (jlong)ev.syscall_entry.args[i];
		v[14] = (jlong)ev.syscall_entry.ip;
		break;
	case UTRACER_EVENT_SYSCALL_EXIT:
		v[6] = ev.syscall_exit.nr;
		v[7] = ev.syscall_exit.arch;
		v[8] = ev.syscall_exit.ret;
		break;
	case UTRACER_EVENT_EXEC:
		plen = strnlen(ev.exec.path, UTRACER_PATH_MAX);
		v[6] = (jlong)plen;
		v[7] = ev.exec.old_tid;
		(*env)->SetByteArrayRegion(env, path, 0, (jsize)plen, (const jbyte *)ev.exec.path);
		break;
	case UTRACER_EVENT_CLONE:
		v[6] = ev.clone.child_pid;
		v[7] = ev.clone.child_tid;
		v[8] = ev.clone.kind;
		v[9] = ev.clone.follow;
		v[10] = (jlong)ev.clone.clone_flags;
		break;
	case UTRACER_EVENT_EXIT:
		v[6] = ev.exit.status;
		v[7] = ev.exit.group;
		break;
	case UTRACER_EVENT_SIGNAL:
		v[6] = ev.signal.signo;
		v[7] = ev.signal.code;
		v[8] = ev.signal.error;
		v[9] = ev.signal.sender_pid;
		break;
	case UTRACER_EVENT_STOP:
		v[6] = ev.stop.reason;
		v[7] = ev.stop.event;
		break;
	case UTRACER_EVENT_DETACH:
		v[6] = ev.detach.reason;
		break;
	case UTRACER_EVENT_LOST:
		v[6] = (jlong)ev.lost.count;
		break;
	case UTRACER_EVENT_BREAKPOINT:
		v[6] = ev.breakpoint.id;
		v[7] = (jlong)ev.breakpoint.addr;
		break;
	case UTRACER_EVENT_HWBP:
		v[6] = ev.hwbp.id;
		v[7] = ev.hwbp.type;
		v[8] = (jlong)ev.hwbp.addr;
		v[9] = (jlong)ev.hwbp.ip;
		v[10] = ev.hwbp.len;
		break;
	}
	(*env)->SetLongArrayRegion(env, out, 0, EVENT_LONGS, v);
	return 1;
}
