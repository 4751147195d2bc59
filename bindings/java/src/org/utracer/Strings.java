// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.nio.charset.Charset;

/** Strings to and from the bytes the kernel holds, in the platform's file name encoding. */
final class Strings {
    private Strings() {
    }

    private static final Charset CHARSET = charset();

    private static Charset charset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    static byte[] encode(String s) {
        return s.getBytes(CHARSET);
    }

    static String decode(byte[] b) {
        return new String(b, CHARSET);
    }
}
