// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/**
 * bindings/java/syscall-count prints what `strace -f -c` counts (the calls
 * column) for deterministic commands, line for line as the Python example.
 */
public class ExampleTest {
    private static String run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static Map<String, Integer> strace(List<String> cmd) throws Exception {
        Path out = Files.createTempFile("strace", ".txt");
        try {
            List<String> argv = new ArrayList<>(List.of("strace", "-f", "-c", "-o", out.toString()));
            argv.addAll(cmd);
            Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertEquals(0, p.waitFor());
            Map<String, Integer> counts = new TreeMap<>();
            for (String line : Files.readAllLines(out)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 5 || !Character.isDigit(f[0].charAt(0)) || f[f.length - 1].equals("total"))
                    continue;
                counts.put(f[f.length - 1], Integer.parseInt(f[3]));
            }
            return counts;
        } finally {
            Files.delete(out);
        }
    }

    private static String format(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    @Test
    public void sameCountsAsStraceAndPython() throws Exception {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
        assumeTrue("strace is missing", new File("/usr/bin/strace").canExecute());
        String script = Support.TOP.resolve("bindings/java/syscall-count").toString();
        String python = Support.TOP.resolve("bindings/python/examples/syscall_count.py").toString();
        List<List<String>> cmds = List.of(
                List.of(Support.prog("lib-syscalls"), "50", "20"),
                List.of(Support.prog("follow"), "fork"),
                List.of("/bin/sh", "-c", "ls / >/dev/null; echo hi >/dev/null; /bin/true"));
        for (List<String> cmd : cmds) {
            List<String> j = new ArrayList<>(List.of(script));
            j.addAll(cmd);
            String java = run(j);
            assertEquals(cmd.toString(), format(strace(cmd)), java);
            List<String> py = new ArrayList<>(List.of("/usr/bin/python3", python));
            py.addAll(cmd);
            assertEquals(cmd.toString(), run(py), java);
        }
    }
}
