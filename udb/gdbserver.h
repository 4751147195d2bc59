/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udb gdbserver: gdb's remote serial protocol over libutracer. What the
 * server's files share: the register layouts and target descriptions
 * (gdbserver-regs.c), the software single-step (gdbserver-step.c), the
 * shared-library list (gdbserver-svr4.c), the system's processes
 * (gdbserver-osdata.c) and host file I/O (gdbserver-vfile.c).
 * The protocol, the connection and the run control are gdbserver.c.
 */
#ifndef UDB_GDBSERVER_H
#define UDB_GDBSERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "strbuf.h"
#include "utracer.h"

/* The two register views a tracee may have. */
enum gs_arch {
	GS_ARCH_AMD64,
	GS_ARCH_I386,
};

/* Which view thread tid has (from the size of its general set); -errno. */
int gs_arch_of(struct utracer *u, pid_t tid, enum gs_arch *arch);

/* The target description document "target.xml" or one it includes, or NULL. */
const char *gs_tdesc(enum gs_arch arch, const char *annex);

/* Frees the documents gs_tdesc() built. */
void gs_tdesc_free(void);

/* The number of registers in the remote numbering of arch. */
int gs_reg_count(enum gs_arch arch);

/*
 * Appends every register of thread tid, in hex, as the 'g' packet wants
 * it; a register whose set cannot be read is sent as unavailable ("xx").
 * Returns 0 or -errno when not even the general registers could be read.
 */
int gs_regs_get_all(struct utracer *u, pid_t tid, enum gs_arch arch, struct strbuf *out);

/* Appends register regno in hex ('p'); -EINVAL for no such register. */
int gs_reg_get(struct utracer *u, pid_t tid, enum gs_arch arch, int regno, struct strbuf *out);

/*
 * Writes every register from the hex of a 'G' packet, or register regno
 * from a 'P' packet's value; -EINVAL when the hex does not fit, -errno when
 * the thread refuses it.
 */
int gs_regs_set_all(struct utracer *u, pid_t tid, enum gs_arch arch, const char *hex);
int gs_reg_set(struct utracer *u, pid_t tid, enum gs_arch arch, int regno, const char *hex);

/* The instruction and stack pointers of thread tid; -errno. */
int gs_pc_sp(struct utracer *u, pid_t tid, enum gs_arch arch, uint64_t *pc, uint64_t *sp);

/* Appends s to doc with XML's five special characters escaped. */
void gs_xml_add_escaped(struct strbuf *doc, const char *s);

/*
 * qXfer:osdata:read: appends gdb's osdata document of type annex to doc:
 * "" the list of the types given, "processes" every process of the
 * system (pid, user, command, cores), as gdbserver's "info os". Returns
 * 0, or -ENOENT for a type not given.
 */
int gs_osdata(struct strbuf *doc, const char *annex);

/* Hex helpers shared by the files. */
void gs_hex_add(struct strbuf *sb, const void *buf, size_t len);
/* Decodes 2 * len hex digits of hex into buf; -1 when hex is not that. */
int gs_hex_decode(const char *hex, size_t hexlen, void *buf, size_t len);

/*
 * Software single-step: the addresses where the instruction at pc of
 * thread tid may go next (fall-through, branch target, return address,
 * indirect target), read through mem_read, which must show the original
 * bytes of the program, not breakpoints. Up to max addresses go to next;
 * returns their count, or -EINVAL when the instruction cannot be
 * decoded, -EOPNOTSUPP when its successor cannot be known in advance
 * (a syscall that replaces the image or the registers: execve, sigreturn).
 */
typedef long (*gs_mem_reader)(void *opaque, uint64_t addr, void *buf, size_t len);
int gs_step_targets(struct utracer *u, pid_t tid, enum gs_arch arch, uint64_t pc,
		    gs_mem_reader mem_read, void *opaque, uint64_t *next, int max);

/*
 * qXfer:libraries-svr4:read: appends the library-list-svr4 document of a
 * process (auxv: its auxiliary vector; mem_read: its memory) to doc: the
 * dynamic linker's link_map list, the program as main-lm, every named
 * shared object as a library. Returns 0, -ENOENT when the program has no
 * DT_DEBUG to start from (static, or no PT_PHDR), -EIO when its dynamic
 * section or r_debug cannot be read; gdb then reads the list itself.
 */
int gs_svr4_document(struct strbuf *doc, const struct utracer_auxv *auxv, size_t nauxv,
		     enum gs_arch arch, gs_mem_reader mem_read, void *opaque);

/*
 * Host I/O (vFile): the files gdb opened on one connection, and the
 * process whose filesystem it names (vFile:setfs; 0: the server's).
 */
struct gs_vfile {
	int *fds;
	size_t nfds, cap;
	pid_t fs_pid;
};

/*
 * Answers the "vFile:..." packet pkt (len bytes, binary data included) in
 * reply, no longer than max bytes; the empty reply for an operation not
 * supported.
 */
void gs_vfile_packet(struct gs_vfile *vf, const char *pkt, size_t len, struct strbuf *reply,
		     size_t max);

/* Closes every file the connection opened, and forgets setfs. */
void gs_vfile_close_all(struct gs_vfile *vf);

#endif
