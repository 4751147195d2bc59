// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Disassembly with capstone, in AT&T syntax as gdb and objdump show it.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include "udb.h"

void udb_disassemble(FILE *out, struct udb_symbols *syms, int is_i386, uint64_t addr,
		     const unsigned char *buf, size_t len, unsigned int count)
{
	csh handle;
	cs_insn *insn;
	size_t n;

	if (cs_open(CS_ARCH_X86, is_i386 ? CS_MODE_32 : CS_MODE_64, &handle) != CS_ERR_OK) {
		udb_error("capstone cannot disassemble x86");
		return;
	}
	cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
	n = cs_disasm(handle, buf, len, addr, count, &insn);
	for (size_t i = 0; i < n; i++) {
		char sym[256];

		if (udb_symbols_lookup(syms, insn[i].address, sym, sizeof(sym)) == 0)
			fprintf(out, "%#" PRIx64 " <%s>:\t%s\t%s\n", insn[i].address, sym,
				insn[i].mnemonic, insn[i].op_str);
		else
			fprintf(out, "%#" PRIx64 ":\t%s\t%s\n", insn[i].address,
				insn[i].mnemonic, insn[i].op_str);
	}
	if (n < count && (n == 0 || insn[n - 1].address + insn[n - 1].size < addr + len))
		fprintf(out, "%#" PRIx64 ":\t(bad)\n",
			n ? insn[n - 1].address + insn[n - 1].size : addr);
	if (n)
		cs_free(insn, n);
	cs_close(&handle);
}
