// SPDX-License-Identifier: GPL-2.0
package org.utracer;

/**
 * Run by PermissionTest as another user: attach to argv[0] and print
 * "errno N" (or "attached").
 */
public final class PermissionProbe {
    private PermissionProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Client c = new Client()) {
            c.attach(Integer.parseInt(args[0]), java.util.Set.of());
            System.out.println("attached");
        } catch (UtracerException e) {
            System.out.println("errno " + e.errno());
        }
    }
}
