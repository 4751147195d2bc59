// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the tests share: the tree, the tracee programs, started processes. */
final class Support {
    private Support() {
    }

    static final Path TOP = Path.of(System.getProperty("utracer.top", "../.."));
    static final Path PROGS = TOP.resolve("build/tests/progs");

    static String prog(String name) {
        return PROGS.resolve(name).toString();
    }

    static boolean moduleLoaded() {
        return Files.exists(Path.of("/proc/utrace/control"));
    }

    /** A tracee program started with ProcessBuilder; its first output line read. */
    static final class Running implements AutoCloseable {
        final Process proc;
        final String[] firstLine;
        final BufferedReader out;

        Running(String... argv) throws IOException {
            this(Map.of(), argv);
        }

        Running(Map<String, String> env, String... argv) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().putAll(env);
            proc = pb.start();
            out = new BufferedReader(new InputStreamReader(proc.getInputStream()));
            String line = out.readLine();
            firstLine = line == null ? new String[0] : line.trim().split("\\s+");
        }

        int pid() {
            return (int) proc.pid();
        }

        void send(String line) throws IOException {
            proc.getOutputStream().write((line + "\n").getBytes());
            proc.getOutputStream().flush();
        }

        @Override
        public void close() {
            proc.destroyForcibly();
            boolean interrupted = false;
            while (true) {
                try {
                    proc.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted)
                Thread.currentThread().interrupt();
        }
    }

    static List<Event> drain(Client c) {
        List<Event> out = new ArrayList<>();
        for (Event e : c.eventQueue())
            out.add(e);
        return out;
    }

    static int utime(int pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Integer.parseInt(s.substring(s.lastIndexOf(')') + 2).split(" ")[11]);
    }
}
