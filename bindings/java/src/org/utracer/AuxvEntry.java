// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/** One entry of the auxiliary vector: AT_* type and its value. */
public record AuxvEntry(long type, long value) {
}
