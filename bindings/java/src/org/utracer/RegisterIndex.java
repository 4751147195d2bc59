// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.List;

/** The lookup {@link Registers} and {@link Registers32} share: a register's place by name. */
final class RegisterIndex {
    private RegisterIndex() {
    }

    /** The index of name in names, or IllegalArgumentException when it is not there. */
    static int of(List<String> names, String name) {
        int i = names.indexOf(name);
        if (i < 0)
            throw new IllegalArgumentException("no register " + name);
        return i;
    }
}
