package org.factorline.demo;

import java.util.List;

/** The demo sign-ins, printed at start-up and listed in the README. */
public final class DemoUsers {

    public static final String PASSWORD = "factorline-demo";

    public record Login(String username, String role) {}

    public static final List<Login> STAFF = List.of(
            new Login("admin", "administrator"),
            new Login("maria", "account manager"),
            new Login("uma", "underwriter"),
            new Login("victor", "verifier"),
            new Login("fiona", "funding officer"),
            new Login("audrey", "auditor (read-only)"));

    public static final Login CLIENT = new Login("lonestar", "client admin of Lone Star Freight");

    private DemoUsers() {}
}
