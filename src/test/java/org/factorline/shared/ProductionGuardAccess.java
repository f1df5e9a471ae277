package org.factorline.shared;

/** Opens the production guard's check to tests in other packages. */
public final class ProductionGuardAccess {
    private ProductionGuardAccess() {}

    public static void check(String url, String password, String dataKey, boolean demoData) {
        ProductionGuard.check(url, password, dataKey, demoData);
    }
}
