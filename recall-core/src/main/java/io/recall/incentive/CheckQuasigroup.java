package io.recall.incentive;

/**
 * A totally anti-symmetric quasigroup of order n (n >= 3, n mod 4 != 2), the table behind the coupon
 * check character (Damm's algorithm generalised beyond ten digits).
 *
 * <p>Construction: write n = m * 2^k with m odd and k = 0 or k >= 2; the group is Z_m x (Z_2)^k and
 * x * y = phi(x) + y, where phi doubles the Z_m part and multiplies the (Z_2)^k part, read as a polynomial
 * over GF(2), by t modulo t^k + t + 1. phi is an automorphism and phi - id is a bijection (2 - 1 = 1 is a
 * unit of Z_m; t and t + 1 are units modulo t^k + t + 1, whose value at 0 and at 1 is 1). Hence:
 * a change of one character changes the running value, which stays changed (quasigroup), and
 * (c * a) * b = (c * b) * a only when a = b, so a swap of neighbours is caught too. The tests prove
 * both properties exhaustively for every supported order up to 64.
 */
final class CheckQuasigroup {

    private final int n;
    private final int[] table;

    private CheckQuasigroup(int n) {
        this.n = n;
        int k = Integer.numberOfTrailingZeros(n);
        int m = n >>> k;
        table = new int[n * n];
        for (int x = 0; x < n; x++) {
            int phi = phi(x, m, k);
            for (int y = 0; y < n; y++) {
                table[x * n + y] = add(phi, y, m, k);
            }
        }
    }

    /** True when a table of this order can be built. */
    public static boolean supports(int n) {
        return n >= 3 && n % 4 != 2;
    }

    /**
     * The quasigroup of order n.
     *
     * @throws IllegalArgumentException when n is below 3 or n mod 4 = 2
     */
    public static CheckQuasigroup of(int n) {
        if (!supports(n)) {
            throw new IllegalArgumentException("a check character needs an alphabet of 3 or more characters whose"
                    + " size is not 2 more than a multiple of 4 (so 32, 31, 33, 36 work; 30, 34 do not); size was " + n);
        }
        return new CheckQuasigroup(n);
    }

    /** The order. */
    public int order() {
        return n;
    }

    /** x * y. */
    public int apply(int x, int y) {
        return table[x * n + y];
    }

    /** The running value over the digits (starting at 0). */
    public int fold(int[] digits, int from, int to) {
        int interim = 0;
        for (int i = from; i < to; i++) {
            interim = table[interim * n + digits[i]];
        }
        return interim;
    }

    /** The digit c with interim * c = 0, which makes the fold over the digits and c come to 0. */
    public int checkDigit(int interim) {
        for (int c = 0; c < n; c++) {
            if (table[interim * n + c] == 0) {
                return c;
            }
        }
        throw new AssertionError("not a quasigroup");
    }

    // An element x is (u, v): u = x / 2^k in Z_m, v = x % 2^k a bit vector.
    private static int phi(int x, int m, int k) {
        int u = x >>> k;
        int v = x & ((1 << k) - 1);
        int u2 = (2 * u) % m;
        int v2 = v;
        if (k >= 2) {
            v2 = v << 1;
            if ((v2 & (1 << k)) != 0) {
                v2 = (v2 ^ (1 << k)) ^ 0b11; // t^k = t + 1
            }
        }
        return (u2 << k) | v2;
    }

    private static int add(int x, int y, int m, int k) {
        int mask = (1 << k) - 1;
        int u = ((x >>> k) + (y >>> k)) % m;
        return (u << k) | ((x ^ y) & mask);
    }
}
