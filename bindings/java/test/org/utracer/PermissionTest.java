// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/** uid 65534 attaching to a process of root's: EPERM, as ptrace would refuse. */
public class PermissionTest {
    @Test
    public void unprivilegedAttachToRootIsRefused() throws Exception {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
        assumeTrue("setpriv is missing", new File("/usr/bin/setpriv").canExecute());
        Path copy = Files.createTempDirectory(Path.of("/tmp"), "utracer-java-");
        try (Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> args = reachableCopy(copy);
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> argv = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534",
                    "--regid=65534", "--clear-groups", java));
            argv.addAll(args);
            argv.addAll(List.of("org.utracer.PermissionProbe", Integer.toString(r.pid())));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(out, 0, p.waitFor());
            assertEquals("errno " + UtracerException.EPERM, out);
        } finally {
            try (Stream<Path> s = Files.walk(copy)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /*
     * The class path and the JNI library copied into dir, laid out as in the
     * build tree (bindings/java/ and lib/, which the JNI library's rpath
     * names), so that uid 65534 reads them wherever the tree is (a clone in
     * a 0700 home is out of its reach); the JVM options that use them.
     */
    private static List<String> reachableCopy(Path dir) throws IOException {
        Path java = Files.createDirectories(dir.resolve("bindings/java"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        StringBuilder cp = new StringBuilder();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e).toAbsolutePath();
            Path dst = java.resolve("cp" + n++ + "-" + src.getFileName());
            try (Stream<Path> s = Files.walk(src)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    Path to = dst.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(dst);
        }
        String jni = System.getProperty("utracer.jni", "");
        if (!jni.isEmpty()) {
            Path src = Path.of(jni).toAbsolutePath();
            Path so = src.getParent().resolve("../../lib/libutracer.so.0").normalize();
            jni = Files.copy(src, java.resolve(src.getFileName())).toString();
            if (Files.exists(so)) {
                Files.copy(so, lib.resolve("libutracer.so.0"));
            }
        }
        return List.of("-cp", cp.toString(), "-Dutracer.jni=" + jni);
    }
}
