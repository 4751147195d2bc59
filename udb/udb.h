/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udb: what the command-line tool's parts share. udb talks to the kernel
 * only through libutracer.
 */
#ifndef UDB_H
#define UDB_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "utracer.h"
#include "decode.h"

/* UDB_VERSION: the release, from the VERSION file (udb/udb.mk). */
#ifndef UDB_VERSION
#error "UDB_VERSION is set by the build (udb/udb.mk), from VERSION"
#endif

/* Exit statuses of udb itself (a traced COMMAND's own status wins). */
#define UDB_EXIT_FAILURE 1
#define UDB_EXIT_USAGE 2

/* "udb: <message>" on stderr, one line. */
__attribute__((format(printf, 1, 2)))
void udb_error(const char *fmt, ...);

/*
 * Registers udb as a client of the module. On failure prints one line that
 * says why ("is utracer.ko loaded?") and returns NULL.
 */
struct utracer *udb_client_open(void);
/* Signal handling that leaves a started program's dispositions as udb's were. */
int udb_catch_signal(int sig, void (*handler)(int), int restart);
void udb_survive_sigpipe(void);

/* A pid or tid from the command line; prints an error and returns -1 if bad. */
pid_t udb_parse_pid(const char *s);
/* Writes all of buf to fd, across short writes and EINTR: 0, or -1 with errno. */
int udb_write_all(int fd, const void *buf, size_t len);
/* A number in C notation (0x..., decimal); 0 on success, -1 if bad. */
int udb_parse_u64(const char *s, uint64_t *val);
/* The value of hexadecimal digit c (either case), or -1 if it is none. */
int udb_hex_digit(int c);

/*
 * Attaches process pid (or just thread tid with UTRACER_THREAD) with no
 * events, for inspection. Prints one line and returns -errno on failure.
 */
int udb_attach_quiet(struct utracer *u, pid_t pid, unsigned int flags);

/*
 * Stops thread tid of an attachment and waits (up to timeout_ms) until it
 * has stopped. Prints one line and returns -errno on failure.
 */
int udb_stop_thread(struct utracer *u, pid_t tid, int timeout_ms);

/* The decoder's memory reader over utracer_mem_read(); opaque is a struct udb_mem. */
struct udb_mem {
	struct utracer *u;
	pid_t pid;
};
long udb_read_mem(void *opaque, uint64_t addr, void *buf, size_t len);

/* The ABI of a syscall event's arch field. */
enum udb_abi udb_abi_of_arch(uint32_t arch);

/* Subcommands: argc/argv start at the subcommand's name. */
int udb_cmd_trace(int argc, char **argv);
int udb_cmd_maps(int argc, char **argv);
int udb_cmd_env(int argc, char **argv);
int udb_cmd_mem(int argc, char **argv);
int udb_cmd_regs(int argc, char **argv);
int udb_cmd_exe(int argc, char **argv);
int udb_cmd_tasks(int argc, char **argv);
int udb_cmd_auxv(int argc, char **argv);
int udb_cmd_cmdline(int argc, char **argv);
int udb_cmd_status(int argc, char **argv);
int udb_cmd_fds(int argc, char **argv);
/* gdb's remote protocol (gdbserver.c). */
int udb_cmd_gdbserver(int argc, char **argv);
/* The interactive debugger: argv is udb's own argument list after options. */
int udb_debugger(pid_t pid, char **command);

/*
 * The strace-format printer of udb trace, for the debugger's "trace on":
 * give it every event; it prints syscall, signal and exit lines to out and
 * resumes threads that an event left stopped.
 */
struct tracer;
struct tracer *tracer_new(struct utracer *u, FILE *out);
void tracer_event(struct tracer *t, const struct utracer_event_info *ev);
void tracer_free(struct tracer *t);

/* Shared printers, used by the one-shot commands and the debugger. */
int udb_print_maps(FILE *out, struct utracer *u, pid_t pid);
int udb_print_env(FILE *out, struct utracer *u, pid_t pid);
int udb_print_tasks(FILE *out, struct utracer *u, pid_t pid);
void udb_hexdump(FILE *out, uint64_t addr, const unsigned char *buf, size_t len);

/* More of /proc/PID (procinfo.c); each prints its error and returns -errno. */
int udb_print_auxv(FILE *out, struct utracer *u, pid_t pid);
int udb_print_cmdline(FILE *out, struct utracer *u, pid_t pid);
int udb_print_status(FILE *out, struct utracer *u, pid_t pid);
int udb_print_fds(FILE *out, struct utracer *u, pid_t pid);
/*
 * Prints the count strings of vec one a line and frees vec; when vec is
 * NULL (errno set), prints that what of pid cannot be read and returns -errno.
 */
int udb_print_lines(FILE *out, char **vec, size_t count, const char *what, pid_t pid);
/*
 * The bytes of a "write" command's arguments: hex bytes ("90", "0x90") and
 * C strings in double quotes (\n, \t, \0, \\, \", \xHH), the quotes
 * possibly split over arguments. Returns a malloc'ed buffer and its
 * length in *len, or NULL after printing why.
 */
unsigned char *udb_parse_bytes(int argc, char **argv, size_t *len);

/* Registers (regs.c). */
struct udb_regs {
	int is_i386;	/* the thread runs 32-bit code */
	uint64_t ip, sp, fp;
	unsigned char raw[27 * 8];	/* the NT_PRSTATUS regset */
	size_t raw_len;
};
/* Reads thread tid's general registers; it must be stopped. Prints on error. */
int udb_regs_read(struct utracer *u, pid_t tid, struct udb_regs *regs);
/* The same, silent: -ESRCH for a thread that is gone, -EBADMSG for an unknown layout. */
int udb_regs_fetch(struct utracer *u, pid_t tid, struct udb_regs *regs);
/* "name 0xvalue" lines. */
void udb_regs_print(FILE *out, const struct udb_regs *regs);
/* The other register sets, decoded; returns -errno. */
int udb_regs_print_all(FILE *out, struct utracer *u, pid_t tid);
/* The value of register name, 0 on success, -1 when there is no such one. */
int udb_regs_get(const struct udb_regs *regs, const char *name, uint64_t *val);
/*
 * Set register name in regs (not yet in the thread): 0, -1 when there is no
 * such register, -2 when val does not fit a 32-bit one.
 */
int udb_regs_set(struct udb_regs *regs, const char *name, uint64_t val);
/* Writes regs back into thread tid, which must be stopped. Prints on error. */
int udb_regs_write(struct utracer *u, pid_t tid, const struct udb_regs *regs);

/* Symbols (symbols.c): from the ELF files and their debug info. */
struct udb_symbols;
struct udb_symbols *udb_symbols_load(struct utracer *u, pid_t pid);
void udb_symbols_free(struct udb_symbols *syms);
/* "name+0x12" for addr, into buf; 0 on success, -1 when unknown. */
int udb_symbols_lookup(struct udb_symbols *syms, uint64_t addr, char *buf, size_t len);
/* The address of symbol name; 0 on success, -1 when unknown. */
int udb_symbols_find(struct udb_symbols *syms, const char *name, uint64_t *addr);
/* The same, with the symbol's size in bytes (0 when its ELF entry gives none). */
int udb_symbols_find_size(struct udb_symbols *syms, const char *name, uint64_t *addr,
			  uint64_t *size);

/*
 * The modules of process pid (its ELF files where its maps put them), for
 * libdwfl; NULL with errno set on failure. symbols.c.
 */
struct Dwfl;
struct Dwfl *udb_dwfl_load(struct utracer *u, pid_t pid);
/* The same from a map list already read (utracer_map_list()); the maps may go after. */
struct Dwfl *udb_dwfl_from_maps(const struct utracer_map *maps, size_t count);

/* One frame of a backtrace (unwind.c). */
struct udb_frame {
	uint64_t pc;		/* the instruction pointer, or the return address */
	int is_return;		/* pc is a return address: look up pc - 1 */
};
/*
 * The call chain of stopped thread tid of process pid, whose general
 * registers are regs: from the call-frame information (.eh_frame or
 * .debug_frame) where there is some, else from the frame pointers. Up to
 * max frames into frames; returns how many (at least 1), or -errno.
 */
int udb_unwind(struct utracer *u, pid_t pid, pid_t tid, const struct udb_regs *regs,
	       struct udb_frame *frames, size_t max);

/*
 * An unwinder kept for process pid across walks (udb trace -k): its map
 * list, Dwfl and symbol tables are read at the first use after
 * udb_unwinder_new() or udb_unwinder_invalidate(), which the owner calls
 * when the process's executable mappings may have changed (exec, mmap,
 * munmap, mprotect). NULL when out of memory.
 */
struct udb_unwinder;
struct udb_unwinder *udb_unwinder_new(struct utracer *u, pid_t pid);
void udb_unwinder_invalidate(struct udb_unwinder *uw);
void udb_unwinder_free(struct udb_unwinder *uw);
/* udb_unwind() of thread tid of the unwinder's process. */
int udb_unwinder_walk(struct udb_unwinder *uw, pid_t tid, const struct udb_regs *regs,
		      struct udb_frame *frames, size_t max);
/* The mapping that holds addr, or NULL. */
const struct utracer_map *udb_unwinder_map(struct udb_unwinder *uw, uint64_t addr);
/* Whether [start, start + len) meets an executable mapping of the loaded map list. */
int udb_unwinder_maps_exec(struct udb_unwinder *uw, uint64_t start, uint64_t len);
/*
 * The function symbol at or below addr in the symbol tables (.symtab,
 * .dynsym) of the module's own file, and addr's offset from it: what
 * strace -k names a frame by (debug info files are not read). 0, or -1
 * when the module or its tables have none.
 */
int udb_unwinder_func(struct udb_unwinder *uw, uint64_t addr, const char **name, uint64_t *off);

/* Disassembly (disasm.c): count instructions at addr from buf. */
void udb_disassemble(FILE *out, struct udb_symbols *syms, int is_i386, uint64_t addr,
		     const unsigned char *buf, size_t len, unsigned int count);

#endif
