// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import org.junit.Test;

/** uid 65534 attaching to a process of root's: EPERM, as ptrace would refuse. */
public class PermissionTest {
    @Test
    public void unprivilegedAttachToRootIsRefused() throws Exception {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
        assumeTrue("setpriv is missing", new File("/usr/bin/setpriv").canExecute());
        try (Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", java, "-cp", System.getProperty("java.class.path"),
                    "-Dutracer.jni=" + System.getProperty("utracer.jni", ""),
                    "org.utracer.PermissionProbe", Integer.toString(r.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor());
            assertEquals("errno " + UtracerException.EPERM, out);
        }
    }
}
